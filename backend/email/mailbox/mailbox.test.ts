import nodemailer, { type SendMailOptions } from 'nodemailer'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../logger.ts'
import { useTestDatabase } from '../../test/test-database.ts'
import {
  clearMailbox,
  listMailboxMessages,
  MAILBOX_RETENTION_DAYS,
  purgeOldMailboxMessages,
  readMailboxMessage,
} from './mailbox.ts'
import { startLocalMailbox, type LocalMailbox } from './local-mailbox.ts'
import { runningLocalMailbox } from './local-mailbox-endpoint.ts'

const db = useTestDatabase()
let mailbox: LocalMailbox

beforeAll(async () => {
  mailbox = await startLocalMailbox(db.knex, createLogger('silent'))
})
afterAll(() => mailbox.stop())

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const send = (to: string, subject: string, extra: SendMailOptions = {}) =>
  nodemailer
    .createTransport({ host: mailbox.host, port: mailbox.port, secure: false, ignoreTLS: true })
    .sendMail({ from: 'FashionHub <no-reply@rewardflow.test>', to, subject, ...extra })

describe('the local mailbox', () => {
  it('listens on loopback and is what this process sends to', () => {
    expect(mailbox.host).toBe('127.0.0.1')
    expect(runningLocalMailbox()).toEqual({ host: '127.0.0.1', port: mailbox.port })
  })

  it('keeps what it receives over SMTP and reads it back as it was sent', async () => {
    const info = await send('léa@example.lu', 'Wëllkomm bei FashionHub: Är Fidelitéitskaart', {
      text: 'Moien Léa, Är Kaart ass prett. Grüße, ça va ?',
      html: '<p>Moien <b>Léa</b></p><img src="cid:card-qr@rewardflow">',
      attachments: [
        {
          cid: 'card-qr@rewardflow',
          filename: 'card-qr.png',
          content: PNG,
          contentType: 'image/png',
        },
      ],
    })
    expect(info.response).toMatch(/^250 .*Stored in the RewardFlow mailbox/)

    const { messages, total } = await listMailboxMessages(db.knex, { search: 'léa@' })
    expect(total).toBe(1)
    expect(messages[0]).toMatchObject({
      mailFrom: 'no-reply@rewardflow.test',
      rcptTo: ['léa@example.lu'],
      from: 'FashionHub <no-reply@rewardflow.test>',
      to: 'léa@example.lu',
      subject: 'Wëllkomm bei FashionHub: Är Fidelitéitskaart',
    })
    const message = await readMailboxMessage(db.knex, messages[0]!.id)
    const reference = await simpleParser(message!.raw, { keepCidLinks: true })
    expect(message).toMatchObject({
      subject: reference.subject,
      text: reference.text,
      html: reference.html,
      messageId: reference.messageId,
    })
    expect(message!.attachments).toEqual([
      {
        filename: 'card-qr.png',
        contentType: 'image/png',
        contentId: 'card-qr@rewardflow',
        disposition: 'inline',
        content: PNG,
      },
    ])
  })

  it('lists the newest first, finds by subject or recipient, and can be emptied', async () => {
    await clearMailbox(db.knex)
    await send('first@example.lu', 'Passwort zurücksetzen', { text: 'eins' })
    await send('second@example.lu', 'Réinitialisez votre mot de passe', { text: 'deux' })
    const all = await listMailboxMessages(db.knex)
    expect(all.messages.map((m) => m.subject)).toEqual([
      'Réinitialisez votre mot de passe',
      'Passwort zurücksetzen',
    ])
    expect((await listMailboxMessages(db.knex, { search: 'ZURÜCK' })).total).toBe(1)
    expect((await listMailboxMessages(db.knex, { search: '100%' })).total).toBe(0)
    expect(await readMailboxMessage(db.knex, 'not-a-uuid')).toBeNull()
    expect(await clearMailbox(db.knex)).toBe(2)
    expect((await listMailboxMessages(db.knex)).total).toBe(0)
  })

  it(`purges messages older than ${MAILBOX_RETENTION_DAYS} days and keeps newer ones`, async () => {
    await clearMailbox(db.knex)
    await send('old@example.lu', 'Ancien message', { text: 'vieux' })
    await send('recent@example.lu', 'Neuer Newsletter', { text: 'neu' })
    const day = 86_400_000
    await db
      .knex('mailbox_messages')
      .where('subject', 'Ancien message')
      .update({ received_at: new Date(Date.now() - (MAILBOX_RETENTION_DAYS + 1) * day) })
    await db
      .knex('mailbox_messages')
      .where('subject', 'Neuer Newsletter')
      .update({ received_at: new Date(Date.now() - (MAILBOX_RETENTION_DAYS - 1) * day) })
    expect(await purgeOldMailboxMessages(db.knex)).toBe(1)
    const { messages } = await listMailboxMessages(db.knex)
    expect(messages.map((m) => m.subject)).toEqual(['Neuer Newsletter'])
  })
})
