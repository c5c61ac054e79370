/** Sound and a screen flash on every scan and every answer, so the cashier never has to look. */
export type FeedbackKind = 'scan' | 'success' | 'error'

let audio: AudioContext | null = null

const TONES: Record<FeedbackKind, { frequency: number; ms: number }[]> = {
  scan: [{ frequency: 1_320, ms: 60 }],
  success: [
    { frequency: 880, ms: 70 },
    { frequency: 1_320, ms: 90 },
  ],
  error: [
    { frequency: 330, ms: 140 },
    { frequency: 220, ms: 220 },
  ],
}

const play = (kind: FeedbackKind) => {
  audio ??= new AudioContext()
  let at = audio.currentTime
  for (const tone of TONES[kind]) {
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.frequency.value = tone.frequency
    gain.gain.setValueAtTime(0.15, at)
    gain.gain.exponentialRampToValueAtTime(0.001, at + tone.ms / 1000)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(at)
    oscillator.stop(at + tone.ms / 1000)
    at += tone.ms / 1000
  }
}

export const feedback = (kind: FeedbackKind, sounds: boolean) => {
  document.body.dataset.flash = ''
  requestAnimationFrame(() => (document.body.dataset.flash = kind))
  setTimeout(() => {
    if (document.body.dataset.flash === kind) delete document.body.dataset.flash
  }, 400)
  if (!sounds) return
  try {
    play(kind)
  } catch {
    // No audio device: the flash is enough.
  }
}
