import { keyring } from "@/lib/crypto/keyring";
import { open, seal, type Keyring } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/services/audit";

// Master-key rotation: with SWITCHYARD_SECRET_KEY="v1:<old>,v2:<new>", every provider key sealed under an older
// version is re-sealed under the newest at start-up, so v1 can then be dropped from the setting. A row that no
// listed key opens is left alone and reported (the gateway warns about it too).

export async function resealProviderKeys(ring: Keyring = keyring()): Promise<{ resealed: number; unreadable: string[] }> {
  const rows = await prisma.provider.findMany({
    where: { apiKeyCiphertext: { not: null }, keyVersion: { not: ring.current } },
    select: { id: true, name: true, apiKeyCiphertext: true, keyVersion: true },
  });
  let resealed = 0;
  const unreadable: string[] = [];
  for (const r of rows) {
    let plain: string;
    try {
      plain = open(r.apiKeyCiphertext!, r.keyVersion, ring);
    } catch {
      unreadable.push(r.name);
      continue;
    }
    const sealed = seal(plain, ring);
    // Conditional on the old ciphertext: a concurrent key change by an admin wins.
    const { count } = await prisma.provider.updateMany({
      where: { id: r.id, apiKeyCiphertext: r.apiKeyCiphertext },
      data: { apiKeyCiphertext: sealed.ciphertext, keyVersion: sealed.keyVersion },
    });
    resealed += count;
  }
  if (resealed) {
    await recordAudit({ actorLabel: "system", action: "provider.keys.reseal", resourceType: "provider", after: { resealed, keyVersion: ring.current } });
  }
  return { resealed, unreadable };
}
