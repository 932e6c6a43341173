/** "S2DB DCK9 9V27 …": a ticket code in groups of four, as people read it aloud and type it. */
export const groupedTicketCode = (code: string) => code.match(/.{1,4}/g)?.join(' ') ?? code;
