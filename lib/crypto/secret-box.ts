import crypto from "node:crypto";

// Provider API keys at rest: AES-256-GCM under a versioned master key. SWITCHYARD_SECRET_KEY holds one or more
// comma-separated "v<N>:<base64 32 bytes>" entries (or one bare key = v1); the highest version encrypts, any
// listed version decrypts, so rotation is: add v2, re-encrypt rows (keyVersion tells which), drop v1.

export type Keyring = { current: number; keys: Map<number, Buffer> };

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<number, Buffer>();
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^v(\d+):(.+)$/.exec(part);
    const version = m ? Number(m[1]) : 1;
    const key = deriveKey(m ? m[2]! : part);
    keys.set(version, key);
  }
  if (keys.size === 0) throw new Error("SWITCHYARD_SECRET_KEY is empty: generate one with `openssl rand -base64 32`");
  return { current: Math.max(...keys.keys()), keys };
}

function deriveKey(material: string): Buffer {
  const raw = Buffer.from(material, "base64");
  if (raw.length === 32) return raw;
  if (material.length < 16) throw new Error("SWITCHYARD_SECRET_KEY entries must be 32 bytes of base64 or a 16+ character passphrase");
  // A passphrase: stretch it deterministically so the same passphrase always opens the same rows.
  return crypto.scryptSync(material, "switchyard-secret-box-v1", 32);
}

export function seal(plaintext: string, ring: Keyring): { ciphertext: string; keyVersion: number } {
  const key = ring.keys.get(ring.current)!;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { ciphertext: [iv, tag, data].map((b) => b.toString("base64url")).join("."), keyVersion: ring.current };
}

export function open(ciphertext: string, keyVersion: number, ring: Keyring): string {
  const key = ring.keys.get(keyVersion);
  if (!key) throw new Error(`No master key v${keyVersion} in SWITCHYARD_SECRET_KEY`);
  const [iv, tag, data] = ciphertext.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !data) throw new Error("Malformed ciphertext");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

/** "sk-…a1b2": enough to recognise a key, never enough to use it. */
export function secretHint(secret: string): string {
  const s = secret.trim();
  if (s.length <= 8) return "…" + s.slice(-2);
  const dash = s.indexOf("-");
  const head = dash > 0 && dash <= 4 ? s.slice(0, dash + 1) : s.slice(0, 3);
  return `${head}…${s.slice(-4)}`;
}
