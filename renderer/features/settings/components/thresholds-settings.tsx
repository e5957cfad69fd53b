// Thresholds an admin tunes: how often channels are read, and how long a quiet window stays open.
import { useState, type FormEvent } from 'react';
import type { SettingKey } from '../../../../electron/shared/contract';
import { Field } from '../../../components/field';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useSetSetting, useSetting } from '../api/settings';

interface NumberSetting {
  readonly key: SettingKey;
  readonly label: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
  readonly hint: string;
}

const thresholds: readonly NumberSetting[] = [
  {
    key: 'monitor.pollIntervalMs',
    label: 'Read each channel every (milliseconds)',
    unit: 'ms',
    min: 100,
    max: 60_000,
    fallback: 1000,
    hint: 'Lower means faster detection and more of each channel’s read budget; rate limits still pace the reads. Applies from the next start of the core.',
  },
  {
    key: 'session.idleLockMinutes',
    label: 'Lock a window after this many idle minutes',
    unit: 'min',
    min: 1,
    max: 240,
    fallback: 15,
    hint: 'A locked window needs its passphrase again; the alarm keeps sounding.',
  },
];

function ThresholdField({ setting, canEdit }: { readonly setting: NumberSetting; readonly canEdit: boolean }) {
  const current = useSetting(setting.key);
  const save = useSetSetting();
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? current.data ?? String(setting.fallback);
  const n = Number(shown);
  const problem =
    shown.trim() === '' || !Number.isInteger(n) || n < setting.min || n > setting.max
      ? `Enter a whole number from ${setting.min} to ${setting.max}.`
      : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem || draft === null) return;
    save.mutate({ key: setting.key, value: String(n) }, { onSuccess: () => setDraft(null) });
  };

  return (
    <form className="form form--inline" onSubmit={submit} noValidate aria-label={setting.label}>
      <Field
        label={setting.label}
        type="number"
        inputMode="numeric"
        min={setting.min}
        max={setting.max}
        value={shown}
        onChange={(e) => setDraft(e.target.value)}
        readOnly={!canEdit}
        error={draft !== null ? problem : null}
        hint={setting.hint}
        data-testid={`setting-${setting.key}`}
      />
      {canEdit ? (
        <button type="submit" className="button" disabled={draft === null || problem !== null || save.isPending}>
          Save
        </button>
      ) : null}
      <ErrorNotice>{current.isError ? errorMessage(current.error) : save.isError ? errorMessage(save.error) : null}</ErrorNotice>
      {save.isSuccess && draft === null ? <StatusNotice>Saved: {save.data.value} {setting.unit}.</StatusNotice> : null}
    </form>
  );
}

export function ThresholdsSettings({ canEdit }: { readonly canEdit: boolean }) {
  return (
    <section className="panel" aria-labelledby="thresholds-title" data-testid="settings-thresholds">
      <h2 id="thresholds-title" className="panel__title">
        Thresholds
      </h2>
      {!canEdit ? <p className="panel__lead">Only an admin can change these.</p> : null}
      {thresholds.map((s) => (
        <ThresholdField key={s.key} setting={s} canEdit={canEdit} />
      ))}
    </section>
  );
}
