import { newRequestId } from "@/lib/api/request-id";
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/handler";
import { setupInput } from "@/lib/schemas/users";
import { createFirstAdmin, isSetupNeeded } from "@/lib/services/setup";

export const dynamic = "force-dynamic";

// GET /api/setup - whether the one-time first-admin setup is still open
export async function GET() {
  return NextResponse.json({ needed: await isSetupNeeded() });
}

// POST /api/setup - create the first admin; 409 once any admin exists
export async function POST(req: NextRequest) {
  const requestId = newRequestId();
  try {
    const input = setupInput.parse(await req.json().catch(() => ({})));
    const user = await createFirstAdmin(input);
    return NextResponse.json({ ok: true, id: user.id }, { status: 201 });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
