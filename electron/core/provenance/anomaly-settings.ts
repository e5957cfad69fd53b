// The bureau's anomaly settings (office hours and time zone, own domains, burst baseline, the
// abusive-language list): stored as one JSON setting, read live by the monitor at every batch so
// an admin's change applies to the next item, never needing a restart. Values are checked by the
// contract (shared rules) on the way in and again here on the way out of storage.
import { z } from 'zod';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import type { AnomalySettings } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { checkTimeZone, defaultBaselinePerHour, defaultOfficeHours, maxAbusiveWords } from '../../shared/rules';
import type { SettingsRepository, Transaction } from '../../store/repositories';
import type { ScoringSettings } from '../monitor/process-batch';
import { builtInAbusiveWords, compileLexicon } from './lexicon';

const settingKey = 'anomaly';

/** What is stored: each field absent until an admin sets it (its default applies meanwhile). */
const storedSchema = z.object({
  officeHours: z.object({ start: z.number(), end: z.number(), timeZone: z.string() }).optional(),
  ownDomains: z.array(z.string()).optional(),
  baselinePerHour: z.number().optional(),
  abusiveWords: z.array(z.string()).optional(),
});
type Stored = z.infer<typeof storedSchema>;

/** The fields to change; an absent (or undefined) one keeps its value. */
export type AnomalyPatch = { readonly [K in 'officeHours' | 'ownDomains' | 'baselinePerHour']?: AnomalySettings[K] | undefined };

export interface AnomalySettingsService {
  /** The settings as applied, defaults filled in. */
  view(): Promise<AnomalySettings>;
  /** What the monitor scores with; cheap when nothing changed (compiled once per change). */
  scoring(): Promise<ScoringSettings>;
  update(patch: AnomalyPatch): Promise<AnomalySettings>;
  addAbusiveWord(word: string): Promise<AnomalySettings>;
  removeAbusiveWord(word: string): Promise<AnomalySettings>;
}

export interface AnomalySettingsDeps {
  readonly settings: SettingsRepository;
  readonly transaction: Transaction;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The zone office hours are in until an admin sets one: this computer's. */
  readonly machineTimeZone?: string;
}

export function createAnomalySettings(deps: AnomalySettingsDeps): AnomalySettingsService {
  const machineZone = deps.machineTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  let cache: { raw: string | null; view: AnomalySettings; scoring: ScoringSettings } | null = null;

  const readStored = (raw: string | null): Stored => {
    if (raw === null) return {};
    const parsed = storedSchema.safeParse(safeJson(raw));
    if (parsed.success) return parsed.data;
    deps.logger.error('the stored anomaly settings are unreadable; using the defaults until an admin saves them', parsed.error);
    return {};
  };

  const resolve = (stored: Stored): AnomalySettings => {
    let officeHours = stored.officeHours ?? { ...defaultOfficeHours, timeZone: machineZone };
    // A zone this runtime no longer knows (an older ICU) must not stop the monitor.
    if (!checkTimeZone(officeHours.timeZone).ok) {
      deps.logger.warn(`office hours time zone ${JSON.stringify(officeHours.timeZone)} is unknown here; using ${machineZone}`);
      officeHours = { ...officeHours, timeZone: machineZone };
    }
    return {
      officeHours,
      ownDomains: stored.ownDomains ?? [],
      baselinePerHour: stored.baselinePerHour ?? defaultBaselinePerHour,
      abusiveWords: stored.abusiveWords ?? [...builtInAbusiveWords],
      builtInAbusiveWords: [...builtInAbusiveWords],
    };
  };

  const current = async (): Promise<NonNullable<typeof cache>> => {
    const raw = await deps.settings.get(settingKey);
    if (cache?.raw === raw) return cache;
    const view = resolve(readStored(raw));
    const scoring: ScoringSettings = {
      officeHours: view.officeHours,
      ownDomains: view.ownDomains,
      baselinePerHour: view.baselinePerHour,
      abusivePatterns: compileLexicon(view.abusiveWords),
    };
    cache = { raw, view, scoring };
    return cache;
  };

  /** Read, change and write in one transaction, so two admins' changes never overwrite each other. */
  const change = (f: (stored: Stored, applied: AnomalySettings) => Stored): Promise<AnomalySettings> =>
    deps.transaction(async () => {
      const raw = await deps.settings.get(settingKey);
      const stored = readStored(raw);
      await deps.settings.set(settingKey, JSON.stringify(f(stored, resolve(stored))), deps.clock.now());
      return (await current()).view;
    });

  return {
    view: async () => (await current()).view,
    scoring: async () => (await current()).scoring,
    update: (patch) => change((stored) => ({ ...stored, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) })),
    addAbusiveWord: (word) =>
      change((stored, applied) => {
        if (applied.abusiveWords.includes(word)) throw new AppError('CONFLICT', `"${word}" is already on the abusive-language list.`);
        if (applied.abusiveWords.length >= maxAbusiveWords) throw new AppError('CONFLICT', `The list holds at most ${maxAbusiveWords} words: remove one first.`);
        return { ...stored, abusiveWords: [...applied.abusiveWords, word] };
      }),
    removeAbusiveWord: (word) =>
      change((stored, applied) => {
        if (!applied.abusiveWords.includes(word)) throw new AppError('NOT_FOUND', `"${word}" is not on the abusive-language list; refresh the list.`);
        return { ...stored, abusiveWords: applied.abusiveWords.filter((w) => w !== word) };
      }),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
