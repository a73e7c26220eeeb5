import { env } from "@/lib/env";
import { parseKeyring, type Keyring } from "@/lib/crypto/secret-box";

let ring: Keyring | undefined;

export function keyring(): Keyring {
  const spec = env().SWITCHYARD_SECRET_KEY;
  if (!spec) throw new Error("SWITCHYARD_SECRET_KEY is not set: generate one with `openssl rand -base64 32`");
  ring ??= parseKeyring(spec);
  return ring;
}
