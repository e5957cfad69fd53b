// Anomaly signals (admins only): office hours and their time zone, the burst baseline, the
// bureau's own link domains and the abusive-language list. Every unverified item alerts whatever
// these say; they set how severe it looks, from the next item read on.
import { useId, useState, type FormEvent } from 'react';
import type { AnomalySettings } from '../../../../electron/shared/contract';
import { baselineProblem, checkAbusiveWord, checkDomain, checkTimeZone, officeHoursProblems } from '../../../../electron/shared/rules';
import { Field } from '../../../components/field';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useAddAbusiveWord, useAnomalySettings, useRemoveAbusiveWord, useSetAnomaly } from '../api/anomaly';
import { formProblems, noProblems, type FormProblems } from '../lib/field-errors';
import { ListEditor } from './list-editor';

/** The core's refusal split per field (paths without the `wrapper`), or none. */
function problemsOf(error: unknown, wrapper: string | null): FormProblems {
  return error ? formProblems(error, errorMessage(error), wrapper) : noProblems;
}

const timeZones: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** "23:10" in that zone now, so the admin sees which zone they picked. */
function nowIn(timeZone: string): string | null {
  const checked = checkTimeZone(timeZone);
  if (!checked.ok) return null;
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: checked.value }).format(new Date());
}

function OfficeHoursForm({ current }: { readonly current: AnomalySettings['officeHours'] }) {
  const save = useSetAnomaly();
  const listId = useId();
  const [draft, setDraft] = useState<{ start: string; end: string; timeZone: string } | null>(null);
  const shown = draft ?? { start: String(current.start), end: String(current.end), timeZone: current.timeZone };
  const edit = (patch: Partial<typeof shown>) => {
    setDraft({ ...shown, ...patch });
    save.reset();
  };
  const zone = checkTimeZone(shown.timeZone);
  const hours = officeHoursProblems(Number(shown.start === '' ? NaN : shown.start), Number(shown.end === '' ? NaN : shown.end));
  const local = { start: hours.start ?? null, end: hours.end ?? null, timeZone: zone.ok ? null : zone.problem };
  const core = problemsOf(save.error, 'officeHours');
  const problemFor = (k: keyof typeof local) => (draft !== null ? local[k] : null) ?? core.fields[k] ?? null;
  const now = nowIn(shown.timeZone);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null || local.start || local.end || local.timeZone) return;
    save.mutate({ officeHours: { start: Number(draft.start), end: Number(draft.end), timeZone: draft.timeZone } }, { onSuccess: () => setDraft(null) });
  };

  return (
    <form className="form form--inline" onSubmit={submit} noValidate aria-label="Office hours" data-testid="office-hours">
      <Field label="Office hours start (hour)" type="number" inputMode="numeric" min={0} max={23} value={shown.start} onChange={(e) => edit({ start: e.target.value })} error={problemFor('start')} data-testid="office-hours-start" />
      <Field label="End (hour, 24 = midnight)" type="number" inputMode="numeric" min={1} max={24} value={shown.end} onChange={(e) => edit({ end: e.target.value })} error={problemFor('end')} data-testid="office-hours-end" />
      <Field
        label="Time zone"
        list={listId}
        value={shown.timeZone}
        onChange={(e) => edit({ timeZone: e.target.value })}
        error={problemFor('timeZone')}
        hint={now ? `It is ${now} there now. Items outside these hours get the off-hours signal.` : 'An IANA name, such as Europe/London.'}
        autoComplete="off"
        spellCheck={false}
        data-testid="office-hours-zone"
      />
      <datalist id={listId}>
        {timeZones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <button type="submit" className="button" disabled={draft === null || save.isPending} data-testid="office-hours-save">
        Save office hours
      </button>
      <ErrorNotice>{core.form}</ErrorNotice>
      {save.isSuccess && draft === null ? <StatusNotice>Saved: the next item read is scored with these hours.</StatusNotice> : null}
    </form>
  );
}

function BaselineForm({ current }: { readonly current: number }) {
  const save = useSetAnomaly();
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? String(current);
  const local = shown.trim() === '' ? baselineProblem(NaN) : baselineProblem(Number(shown));
  const core = problemsOf(save.error, null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null || local) return;
    save.mutate({ baselinePerHour: Number(draft) }, { onSuccess: () => setDraft(null) });
  };
  return (
    <form className="form form--inline" onSubmit={submit} noValidate aria-label="Burst baseline" data-testid="burst-baseline">
      <Field
        label="Usual items per hour on a channel"
        type="number"
        inputMode="decimal"
        min={0}
        value={shown}
        onChange={(e) => {
          setDraft(e.target.value);
          save.reset();
        }}
        error={(draft !== null ? local : null) ?? core.fields['baselinePerHour'] ?? null}
        hint="Three or more items in ten minutes, and more than three times this rate, get the burst signal."
        data-testid="burst-baseline-input"
      />
      <button type="submit" className="button" disabled={draft === null || save.isPending}>
        Save baseline
      </button>
      <ErrorNotice>{core.form}</ErrorNotice>
    </form>
  );
}

function OwnDomains({ domains }: { readonly domains: readonly string[] }) {
  const save = useSetAnomaly();
  const [lastWasAdd, setLastWasAdd] = useState(true);
  const core = problemsOf(save.error, null);
  const change = (next: string[], add: boolean, done?: () => void) => {
    setLastWasAdd(add);
    save.mutate({ ownDomains: next }, done ? { onSuccess: done } : {});
  };
  return (
    <ListEditor
      title="The bureau's own link domains"
      noun="domain"
      entries={domains.map((value) => ({ value }))}
      empty="None yet: links count as known only once a channel used them in an approved item."
      hint="Links to these domains and their subdomains never count as unknown. Type the domain only, such as met.police.uk."
      check={checkDomain}
      onAdd={(typed, done) => change([...domains, typed], true, done)}
      onRemove={(value) => change(domains.filter((d) => d !== value), false)}
      onEdit={() => save.reset()}
      pending={save.isPending}
      fieldError={lastWasAdd ? (core.fields['ownDomains'] ?? null) : null}
      formError={core.form ?? (!lastWasAdd ? (core.fields['ownDomains'] ?? null) : null)}
      testId="own-domains"
    />
  );
}

function AbusiveWords({ words, builtIn }: { readonly words: readonly string[]; readonly builtIn: readonly string[] }) {
  const add = useAddAbusiveWord();
  const remove = useRemoveAbusiveWord();
  const removedBuiltIns = builtIn.filter((w) => !words.includes(w));
  const addProblems = problemsOf(add.error, null);
  return (
    <ListEditor
      title="Abusive-language list"
      noun="word"
      entries={words.map((value) => (builtIn.includes(value) ? { value, note: 'built-in' } : { value }))}
      empty="The list is empty: no item gets the abusive-language signal."
      hint="Matched as a whole word in any case, also when letters after the first are masked (f*ck)."
      check={checkAbusiveWord}
      onAdd={(word, done) => add.mutate({ word }, { onSuccess: done })}
      onRemove={(word) => remove.mutate({ word })}
      onEdit={() => add.reset()}
      pending={add.isPending || remove.isPending}
      fieldError={addProblems.fields['word'] ?? null}
      formError={addProblems.form ?? (remove.isError ? errorMessage(remove.error) : null)}
      testId="abusive-words"
    >
      {removedBuiltIns.length > 0 ? (
        <p className="detail__muted">
          Built-in words not on the list: {removedBuiltIns.join(', ')}. Add one again to restore it.
        </p>
      ) : null}
    </ListEditor>
  );
}

export function AnomalySettingsPanel() {
  const settings = useAnomalySettings();
  return (
    <section className="panel" aria-labelledby="anomaly-title" data-testid="settings-anomaly">
      <h2 id="anomaly-title" className="panel__title">
        Anomaly signals
      </h2>
      <p className="panel__lead">Every unverified item alerts; these set how severe it looks. A change applies to the next item read.</p>
      {settings.isPending ? <p>Loading the anomaly settings…</p> : null}
      <ErrorNotice>{settings.isError ? errorMessage(settings.error) : null}</ErrorNotice>
      {settings.data ? (
        <>
          <OfficeHoursForm current={settings.data.officeHours} />
          <BaselineForm current={settings.data.baselinePerHour} />
          <OwnDomains domains={settings.data.ownDomains} />
          <AbusiveWords words={settings.data.abusiveWords} builtIn={settings.data.builtInAbusiveWords} />
        </>
      ) : null}
    </section>
  );
}
