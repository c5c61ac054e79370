/** What a TLS handshake showed: protocol, cipher and the server's certificate. */
export type CertificateReport = {
  subjectCn: string | null
  /** Subject alternative names as the certificate lists them (`DNS:mail.example.com`, …). */
  altNames: string[]
  issuer: string | null
  validFrom: string
  validTo: string
  /** Whole days until expiry (negative once expired). */
  daysLeft: number
  /** Issued by itself (the usual local test certificate). */
  selfSigned: boolean
  /** Verified against the system's certificate authorities (and any given). */
  trusted: boolean
  /** OpenSSL's reason when not trusted (`DEPTH_ZERO_SELF_SIGNED_CERT`, …). */
  trustError: string | null
  hostnameMatches: boolean
  fingerprint256: string
}

export type TlsReport = {
  protocol: string | null
  cipher: string
  certificate: CertificateReport | null
}
