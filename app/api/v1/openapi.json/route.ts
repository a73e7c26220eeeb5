import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

// GET /api/v1/openapi.json - the control plane's OpenAPI 3.1 document (public: it holds no data)
export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
