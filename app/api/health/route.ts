import { NextResponse } from "next/server";
import { pingDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

// GET /api/health - liveness and database reachability (503 when the database does not answer)
export async function GET() {
  const db = await pingDatabase(2000);
  return NextResponse.json({ status: db ? "ok" : "degraded", db: db ? "ok" : "unreachable" }, { status: db ? 200 : 503 });
}
