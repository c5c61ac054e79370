// The stand-in's "save" page: what Google would show before adding the pass, from the decoded
// and verified JWT. Plain escaped HTML: it is a test double, not a product page.

const escape = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

type LooseObject = Record<string, unknown> & {
  loyaltyPoints?: { label?: string; balance?: { int?: number; string?: string } }
  barcode?: { value?: string; alternateText?: string }
  textModulesData?: { header?: string; body?: string }[]
}

export const renderSavePage = (
  claims: Record<string, unknown> | null,
  error: string | null,
  action: string,
  saved: boolean,
) => {
  const payload = (claims?.payload ?? {}) as { loyaltyObjects?: LooseObject[] }
  const object = payload.loyaltyObjects?.[0]
  const balance = object?.loyaltyPoints?.balance
  const rows = object
    ? [
        ['Object', object.id],
        ['Class', object.classId],
        ['State', object.state],
        ['Account', object.accountName],
        ['Card number', object.accountId],
        [object.loyaltyPoints?.label ?? 'Balance', balance?.int ?? balance?.string],
        ['QR code', object.barcode?.value],
        ...(object.textModulesData ?? []).map((m) => [m.header, m.body]),
        ['Issued by', claims?.iss],
        ['Origins', (claims?.origins as string[] | undefined)?.join(', ')],
      ]
    : []
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Google Wallet (local stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
dt{font-weight:600;margin-top:.5rem}dd{overflow-wrap:anywhere}.note{color:#555}.bad{color:#b00020}</style></head><body>
<h1>Google Wallet — local stand-in</h1>
<p class="note">RewardFlow runs against a local stand-in of Google Wallet: on a real deployment this button opens pay.google.com and adds the pass to the phone.</p>
${
  error
    ? `<p class="bad">This save link was refused: ${escape(error)}</p>`
    : `<p>The link's signature was verified with the service account's public key. The pass:</p>
<dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>
${saved ? '<p><strong>Saved to the (local) wallet.</strong></p>' : `<form method="post" action="${escape(action)}"><button>Save</button></form>`}`
}
</body></html>`
}
