/** What one name badge shows. */
export interface Badge {
  code: string;
  attendeeName: string;
  /** The layout's question's answer as text; empty when unanswered or none is chosen. */
  subtitle: string;
  /** Empty when the layout leaves the type off. */
  ticketType: string;
  eventTitle: string;
}
