import { describe, expect, it } from 'vitest'
import {
  presentEmailLogDetail,
  presentEmailLogEntry,
  presentMailboxMessageSummary,
  type OutboundEmailDetailRow,
  type OutboundEmailLogRow,
} from './presenters.ts'

const created = new Date('2026-10-01T08:30:00Z')
const attempted = new Date('2026-10-01T08:31:00Z')
const sent = new Date('2026-10-01T08:31:02Z')

const logRow: OutboundEmailLogRow = {
  id: '5b0f7a8e-9c1d-4e2f-8a3b-4c5d6e7f8a90',
  template: 'password_reset',
  to_address: 'marie.schmit@example.lu',
  language: 'fr',
  status: 'sent',
  attempts: 2,
  subject: 'Réinitialiser votre mot de passe',
  created_at: created,
}

const detailRow: OutboundEmailDetailRow = {
  ...logRow,
  merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
  store_id: null,
  variables: { reset_url: 'https://fashionhub.rewardflow.lu/reset/abc' },
  last_error: '421 4.7.0 Try again later',
  message_id: '<a1b2c3@rewardflow.lu>',
  smtp_response: '250 2.0.0 OK queued as 4XYZ',
  from_address: 'RewardFlow <no-reply@rewardflow.lu>',
  smtp_host: 'smtp.example.lu',
  last_attempt_at: attempted,
  sent_at: sent,
  failed_at: null,
}

describe('email log presenters', () => {
  it('keeps every column of a log line, under the names the page uses', () => {
    expect(presentEmailLogEntry(logRow)).toStrictEqual({
      id: '5b0f7a8e-9c1d-4e2f-8a3b-4c5d6e7f8a90',
      template: 'password_reset',
      to: 'marie.schmit@example.lu',
      language: 'fr',
      status: 'sent',
      attempts: 2,
      subject: 'Réinitialiser votre mot de passe',
      createdAt: created,
    })
  })

  it('keeps a subject not yet known as null (before the first attempt)', () => {
    expect(presentEmailLogEntry({ ...logRow, subject: null, attempts: 0 })).toMatchObject({
      subject: null,
      attempts: 0,
    })
  })

  it('gives the detail every delivery fact: error, SMTP answer, sender, host and times', () => {
    expect(presentEmailLogDetail(detailRow)).toStrictEqual({
      id: '5b0f7a8e-9c1d-4e2f-8a3b-4c5d6e7f8a90',
      template: 'password_reset',
      to: 'marie.schmit@example.lu',
      language: 'fr',
      status: 'sent',
      attempts: 2,
      subject: 'Réinitialiser votre mot de passe',
      createdAt: created,
      lastError: '421 4.7.0 Try again later',
      messageId: '<a1b2c3@rewardflow.lu>',
      smtpResponse: '250 2.0.0 OK queued as 4XYZ',
      fromAddress: 'RewardFlow <no-reply@rewardflow.lu>',
      smtpHost: 'smtp.example.lu',
      lastAttemptAt: attempted,
      sentAt: sent,
      failedAt: null,
    })
  })
})

describe('mailbox presenter', () => {
  it('keeps the envelope, the decoded headers, the size and when it arrived', () => {
    const received = new Date('2026-10-01T08:31:01Z')
    expect(
      presentMailboxMessageSummary({
        id: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
        mail_from: 'bounce@rewardflow.lu',
        rcpt_to: ['marie.schmit@example.lu', 'copy@example.lu'],
        from_header: 'FashionHub <no-reply@rewardflow.lu>',
        to_header: 'Marie Schmit <marie.schmit@example.lu>',
        subject: 'Votre carte FashionHub',
        message_id: '<a1b2c3@rewardflow.lu>',
        size: 18_432,
        received_at: received,
      }),
    ).toStrictEqual({
      id: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
      mailFrom: 'bounce@rewardflow.lu',
      rcptTo: ['marie.schmit@example.lu', 'copy@example.lu'],
      from: 'FashionHub <no-reply@rewardflow.lu>',
      to: 'Marie Schmit <marie.schmit@example.lu>',
      subject: 'Votre carte FashionHub',
      messageId: '<a1b2c3@rewardflow.lu>',
      size: 18_432,
      receivedAt: received,
    })
  })
})
