// Validates an OpenAPI document with an independent validator (@apidevtools/swagger-parser):
// schema validity plus $ref resolution. Usage: node validate-openapi.mjs <file>
import SwaggerParser from "@apidevtools/swagger-parser";

try {
  const api = await SwaggerParser.validate(process.argv[2]);
  console.log(JSON.stringify({ valid: true, openapi: api.openapi, paths: Object.keys(api.paths).length }));
} catch (e) {
  console.log(JSON.stringify({ valid: false, error: String(e.message ?? e) }));
  process.exit(1);
}
