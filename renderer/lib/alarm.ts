// The audible alarm: a two-tone WebAudio oscillator pattern, no audio files. Browsers keep an
// AudioContext suspended until the person has interacted with the page, so the context is made
// (or resumed) on the first key or pointer press; until then the alarm is visual only.
type AudioContextCtor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Ctor = (globalThis as { AudioContext?: AudioContextCtor }).AudioContext;
  if (!Ctor) return null;
  context = new Ctor();
  return context;
}

/** Call once at start: the first gesture unlocks sound for the rest of the session. */
export function unlockAudioOnFirstGesture(target: Window = window): () => void {
  const unlock = (): void => {
    const ctx = audioContext();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  };
  target.addEventListener('pointerdown', unlock, { once: true });
  target.addEventListener('keydown', unlock, { once: true });
  return () => {
    target.removeEventListener('pointerdown', unlock);
    target.removeEventListener('keydown', unlock);
  };
}

/** One burst: high-low, loud enough to cut through a newsroom, short enough not to mask speech. */
function beep(ctx: AudioContext, louder: boolean): void {
  const start = ctx.currentTime + 0.01;
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  const level = louder ? 0.35 : 0.2;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    osc.type = 'square';
    osc.frequency.value = freq;
    osc.connect(gain);
    const t = start + i * 0.22;
    gain.gain.setValueAtTime(level, t);
    gain.gain.setValueAtTime(0, t + 0.18);
    osc.start(t);
    osc.stop(t + 0.2);
  }
}

/** Starts the repeating alarm; returns the stop function. Silent where audio is unavailable. */
export function startAlarm(severe: boolean): () => void {
  const ctx = audioContext();
  if (!ctx) return () => undefined;
  const ring = (): void => {
    if (ctx.state === 'running') beep(ctx, severe);
  };
  ring();
  const timer = setInterval(ring, severe ? 1200 : 2000);
  return () => clearInterval(timer);
}
