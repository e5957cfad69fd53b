// Retract, in its two forms: the given items, or every unverified item since a moment on the
// chosen channels. The core captures evidence before anything is taken down and answers per item;
// this dialog collects the request, then shows the answer: what started, what was refused and why,
// and when each channel's queue should be done (rate limits bound deletes).
import { useId, useState, type FormEvent } from 'react';
import type { ChannelSummary } from '../../../../electron/shared/contract';
import { Dialog } from '../../../components/dialog';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import type { ItemRef } from '../../../lib/item-ref';
import type { RetractRequest, RetractResult, RetractSinceRequest } from '../api/control';

export type RetractDialogProps = { readonly onClose: () => void; readonly channels: readonly ChannelSummary[] } & (
  | { readonly mode: 'items'; readonly items: readonly ItemRef[]; readonly submit: (r: RetractRequest) => Promise<RetractResult> }
  | { readonly mode: 'since'; readonly defaultSince: string; readonly submit: (r: RetractSinceRequest) => Promise<RetractResult> }
);

/** `<input type="datetime-local">` takes local time without a zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function RetractDialog(props: RetractDialogProps) {
  const sinceId = useId();
  const [since, setSince] = useState(props.mode === 'since' ? toLocalInput(props.defaultSince) : '');
  const [channelIds, setChannelIds] = useState<readonly string[]>(props.channels.map((c) => c.id));
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<RetractResult | null>(null);
  const name = (id: string) => props.channels.find((c) => c.id === id)?.name ?? id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    let run: () => Promise<RetractResult>;
    if (props.mode === 'items') {
      if (props.items.length === 0) return setProblem('Select at least one item first (X in a column).');
      run = () => props.submit({ items: props.items.map((i) => ({ channelId: i.channelId, itemId: i.itemId })) });
    } else {
      const at = new Date(since);
      if (since === '' || Number.isNaN(at.getTime())) return setProblem('Enter the moment to retract from.');
      if (channelIds.length === 0) return setProblem('Choose at least one channel.');
      run = () => props.submit({ since: at.toISOString(), channelIds: [...channelIds] });
    }
    setPending(true);
    try {
      setResult(await run());
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setPending(false);
    }
  };

  const title = props.mode === 'items' ? `Retract ${props.items.length === 1 ? 'this item' : `${props.items.length} items`}` : 'Retract every unverified item since…';
  return (
    <Dialog title={title} onClose={props.onClose} testId="retract-dialog">
      {result ? (
        <div className="form" data-testid="retract-result">
          <StatusNotice>
            {result.jobs.length === 0
              ? 'Nothing to retract.'
              : `Retracting ${result.jobs.length} ${result.jobs.length === 1 ? 'item' : 'items'}; evidence was captured first. Each item's status follows in its column.`}
          </StatusNotice>
          {result.refused.length > 0 ? (
            <ul className="detail__signals">
              {result.refused.map((r) => (
                <li key={`${r.channelId}:${r.itemId}`}>
                  {name(r.channelId)} {r.itemId}: {r.why}
                </li>
              ))}
            </ul>
          ) : null}
          {Object.entries(result.eta).filter(([, at]) => at).length > 0 ? (
            <p className="detail__muted">
              Expected done:{' '}
              {Object.entries(result.eta)
                .filter(([, at]) => at)
                .map(([id, at]) => `${name(id)} by ${formatClock(at)}`)
                .join(' · ')}{' '}
              (rate limits pace the deletes).
            </p>
          ) : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={props.onClose} autoFocus>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="dialog__text">Evidence (raw payload, text, hashes) is captured first; then each channel reports what it could take back.</p>
          {props.mode === 'items' ? (
            <p>
              {props.items.length} {props.items.length === 1 ? 'item' : 'items'} on{' '}
              {[...new Set(props.items.map((i) => name(i.channelId)))].join(', ')}.
            </p>
          ) : (
            <>
              <div className="field">
                <label htmlFor={sinceId} className="field__label">
                  Since
                </label>
                <input id={sinceId} type="datetime-local" className="field__input" value={since} onChange={(e) => setSince(e.target.value)} data-testid="retract-since" />
              </div>
              <fieldset className="fieldset">
                <legend>Channels</legend>
                {props.channels.map((c) => (
                  <label key={c.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={channelIds.includes(c.id)}
                      onChange={() => setChannelIds((ids) => (ids.includes(c.id) ? ids.filter((i) => i !== c.id) : [...ids, c.id]))}
                    />
                    {c.name}
                  </label>
                ))}
              </fieldset>
            </>
          )}
          <ErrorNotice>{problem}</ErrorNotice>
          <div className="form__actions">
            <button type="submit" className="button button--danger" disabled={pending} data-testid="retract-confirm">
              {pending ? 'Asking the channels…' : 'Retract'}
            </button>
            <button type="button" className="button" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
