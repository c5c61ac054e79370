import { pino } from 'pino'

export type Logger = pino.Logger

/** Structured JSON logs on stdout; one line per event, with `req_id` on request-scoped lines. */
export const createLogger = (level: string = process.env.LOG_LEVEL ?? 'info'): Logger =>
  pino({
    level,
    base: { service: 'rewardflow', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  })
