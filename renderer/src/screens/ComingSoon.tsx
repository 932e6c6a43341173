import { PageHeader } from '../layout/PageHeader';

export function ComingSoon({ title, lead }: { title: string; lead: string }) {
  return (
    <>
      <PageHeader title={title} lead={lead} />
      <div className="empty-state">
        <p className="empty-title">Coming soon</p>
        <p>This part of Usher is being built.</p>
      </div>
    </>
  );
}
