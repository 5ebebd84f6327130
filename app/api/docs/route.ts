import { ApiReference } from "@scalar/nextjs-api-reference";

// Scalar renders openapi.json, with "try it" against this instance (the document's server is
// the relative /api/v1). Its script comes from its CDN, which next.config.mjs allows on this
// route only; its web fonts are off, so nothing else is fetched from elsewhere.
export const GET = ApiReference({ url: "/api/v1/openapi.json", pageTitle: "Loopline API", withDefaultFonts: false });
