// What the admin's email log shows of an `outbound_emails` row.

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

/** The columns of `outbound_emails` that the log's list reads. */
export type OutboundEmailLogRow = {
  id: string
  template: string
  to_address: string
  language: string
  status: EmailStatus
  attempts: number
  subject: string | null
  created_at: Date
}

/** The whole row, as the detail reads it (with what rendering the message needs). */
export type OutboundEmailDetailRow = OutboundEmailLogRow & {
  merchant_id: string | null
  store_id: string | null
  variables: Record<string, unknown>
  last_error: string | null
  message_id: string | null
  smtp_response: string | null
  from_address: string | null
  smtp_host: string | null
  last_attempt_at: Date | null
  sent_at: Date | null
  failed_at: Date | null
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

/** One line of the email log. */
export const presentEmailLogEntry = (row: OutboundEmailLogRow): EmailLogEntry => ({
  id: row.id,
  template: row.template,
  to: row.to_address,
  language: row.language,
  status: row.status,
  attempts: row.attempts,
  subject: row.subject,
  createdAt: row.created_at,
})

/** One email's delivery, as its detail page shows it. */
export const presentEmailLogDetail = (row: OutboundEmailDetailRow): EmailLogDetail => ({
  ...presentEmailLogEntry(row),
  lastError: row.last_error,
  messageId: row.message_id,
  smtpResponse: row.smtp_response,
  fromAddress: row.from_address,
  smtpHost: row.smtp_host,
  lastAttemptAt: row.last_attempt_at,
  sentAt: row.sent_at,
  failedAt: row.failed_at,
})

/** The columns of `mailbox_messages` a list of messages reads (not the raw message). */
export type MailboxMessageRow = {
  id: string
  mail_from: string
  rcpt_to: string[]
  from_header: string
  to_header: string
  subject: string
  message_id: string | null
  size: number
  received_at: Date
}

export type MailboxMessageSummary = {
  id: string
  /** The envelope sender and recipients (what the SMTP client said). */
  mailFrom: string
  rcptTo: string[]
  /** The message's own From, To and Subject headers, decoded. */
  from: string
  to: string
  subject: string
  messageId: string | null
  size: number
  receivedAt: Date
}

/** A message the local mailbox received, as the mailbox list shows it. */
export const presentMailboxMessageSummary = (row: MailboxMessageRow): MailboxMessageSummary => ({
  id: row.id,
  mailFrom: row.mail_from,
  rcptTo: row.rcpt_to,
  from: row.from_header,
  to: row.to_header,
  subject: row.subject,
  messageId: row.message_id,
  size: row.size,
  receivedAt: row.received_at,
})
