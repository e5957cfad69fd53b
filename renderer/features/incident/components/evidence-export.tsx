// Exporting the incident's evidence bundle (supervisors and admins, a fresh passphrase): where the
// core wrote it on this computer, which files, and the manifest's hash, to quote in a report.
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useEvidenceExport } from '../api/incident';

export function EvidenceExport() {
  const exported = useEvidenceExport();
  const b = exported.data;
  return (
    <section className="panel" aria-labelledby="evidence-title" data-testid="evidence-export">
      <h2 id="evidence-title" className="panel__title">
        Evidence bundle
      </h2>
      <p className="panel__lead">Evidence captured before each retraction, the audit entries and an HTML report, with a hash manifest.</p>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => exported.mutate()} disabled={exported.isPending} data-testid="evidence-export-run">
          {exported.isPending ? 'Exporting…' : 'Export the evidence bundle'}
        </button>
      </div>
      <ErrorNotice testId="evidence-error">{exported.isError ? errorMessage(exported.error) : null}</ErrorNotice>
      {b ? (
        <dl className="evidence-result" data-testid="evidence-result">
          <dt>Written to</dt>
          <dd>
            <code data-testid="evidence-dir">{b.dir}</code>
          </dd>
          <dt>Manifest SHA-256</dt>
          <dd>
            <code data-testid="evidence-manifest">{b.manifestSha256}</code>
          </dd>
          <dt>Contents</dt>
          <dd>
            {b.evidenceCount} evidence {b.evidenceCount === 1 ? 'item' : 'items'} · {b.files.map((f) => f.name).join(', ')}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
