// What a reviewer is asked to approve, against what was approved before (or, for a statement
// never approved, its previous version): per channel field, the words removed and added. An
// approval is of the exact text, so the reviewer sees exactly what changed since the last one.
import type { CallOutput } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useStatementVersions } from '../api/statements';
import { hasChanges, wordDiff, type DiffPart } from '../lib/word-diff';

type Statement = CallOutput<'statements.list'>[number];
type Version = CallOutput<'statements.get'>['versions'][number];

const fields: readonly { readonly label: string; readonly get: (v: Version) => string | undefined }[] = [
  { label: 'Title', get: (v) => v.title },
  { label: 'Statement', get: (v) => v.canonicalText },
  { label: 'X', get: (v) => v.variants.x?.text },
  { label: 'Website title', get: (v) => v.variants.website?.title },
  { label: 'Website body (HTML)', get: (v) => v.variants.website?.html },
  { label: 'Email subject', get: (v) => v.variants.email?.subject },
  { label: 'Email text', get: (v) => v.variants.email?.text },
  // Images by their position, a short hash and the alt text: a swapped image shows as a changed line.
  { label: 'Images', get: (v) => (v.images.length === 0 ? undefined : v.images.map((i, n) => `${n + 1}. [${i.sha256.slice(0, 12)}] ${i.alt}`).join('\n')) },
];

function DiffText({ parts }: { readonly parts: readonly DiffPart[] }) {
  return (
    <p className="diff">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          <ins key={i} className="diff__added">
            <span className="visually-hidden">[added: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i} className="diff__removed">
            <span className="visually-hidden">[removed: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </p>
  );
}

/** The version to compare with: the last approved one before this version, else the previous. */
export function baselineOf(s: Statement, versions: readonly Version[]): { version: Version; why: 'approved' | 'previous' } | null {
  const approved = s.approval && s.approval.version < s.version ? versions.find((v) => v.version === s.approval!.version) : undefined;
  if (approved) return { version: approved, why: 'approved' };
  const previous = versions.filter((v) => v.version < s.version).sort((a, b) => b.version - a.version)[0];
  return previous ? { version: previous, why: 'previous' } : null;
}

export function VersionDiff({ s }: { readonly s: Statement }) {
  const got = useStatementVersions(s.id);
  if (got.isPending) return <p className="detail__muted">Reading the versions…</p>;
  if (got.isError) return <ErrorNotice>{errorMessage(got.error)}</ErrorNotice>;
  const current = got.data.versions.find((v) => v.version === s.version);
  const base = baselineOf(s, got.data.versions);
  if (!current || !base) return <p className="detail__muted" data-testid="statement-diff">First version: nothing to compare it with.</p>;
  const changed = fields
    .map((f) => ({ label: f.label, before: f.get(base.version), after: f.get(current) }))
    .filter((f) => f.before !== f.after);
  return (
    <section className="statement__diff" data-testid="statement-diff" aria-label={`Changes in version ${s.version}`}>
      <h4 className="filled__heading">
        Changes in version {s.version} since version {base.version.version} ({base.why === 'approved' ? 'last approved' : 'previous'})
      </h4>
      {changed.length === 0 ? <p className="detail__muted">No text changed.</p> : null}
      <dl className="statement__diff-list">
        {changed.map((f) => {
          const parts = wordDiff(f.before ?? '', f.after ?? '');
          return (
            <div key={f.label} className="statement__diff-row">
              <dt>
                {f.label}
                {f.before === undefined ? ' (new channel)' : f.after === undefined ? ' (channel removed)' : ''}
              </dt>
              <dd>{hasChanges(parts) ? <DiffText parts={parts} /> : null}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
