// What the email log pages show of an `outbound_emails` row.

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

export type EmailLogFilters = {
  status: EmailStatus | ''
  template: string
  /** Part of the recipient's address (case-insensitive). */
  recipient: string
  /** Days (YYYY-MM-DD), both included. */
  from: string
  to: string
}

export type EmailLogEntry = {
  id: string
  template: string
  to: string
  language: string
  status: EmailStatus
  attempts: number
  /** The subject as last sent (null before the first attempt). */
  subject: string | null
  createdAt: Date
}

export type EmailLogDetail = EmailLogEntry & {
  lastError: string | null
  messageId: string | null
  smtpResponse: string | null
  fromAddress: string | null
  smtpHost: string | null
  lastAttemptAt: Date | null
  sentAt: Date | null
  failedAt: Date | null
}
