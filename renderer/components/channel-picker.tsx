// The "publish to" channel choice shared by approved statements and break-glass holding statements.
import type { ChannelSummary } from '../../electron/shared/contract';

export function ChannelPicker({
  legend,
  eligible,
  chosen,
  onChange,
}: {
  readonly legend: string;
  readonly eligible: readonly ChannelSummary[];
  readonly chosen: readonly string[];
  readonly onChange: (next: readonly string[]) => void;
}) {
  const toggle = (id: string): void => onChange(chosen.includes(id) ? chosen.filter((i) => i !== id) : [...chosen, id]);
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {eligible.map((c) => (
        <label key={c.id} className="checkbox">
          <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} />
          {c.name}
        </label>
      ))}
      {eligible.length === 0 ? <span>No connected channel matches this statement’s variants.</span> : null}
    </fieldset>
  );
}
