import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The API's version, stated in the document (info.version) and by the `API-Version` response header. */
export const API_VERSION = '1.4.0';

export class ErrorDetailDto {
  @ApiProperty({ example: 'financials[0].year' }) field: string;
  @ApiProperty({ description: 'a sentence in the caller\'s language', example: '财年须早于评价年度。' }) message: string;
}

/** api.md "Errors (JSON)": every error of every operation has this shape. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ description: 'a sentence in the caller\'s language (Accept-Language, else the user\'s setting, else zh-CN)' }) message: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
  @ApiPropertyOptional({ description: 'the request id, to quote to support' }) requestId?: string;
}

/** The pagination envelope of every list (api.md): `{ items, total, page, pageSize }`. */
export class PageMetaDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** 200 with `{ items: Item[], total, page, pageSize }` — the one generic page schema. */
export function ApiPageResponse(item: Type<unknown>, description?: string) {
  return applyDecorators(
    ApiExtraModels(PageMetaDto, item),
    ApiOkResponse({
      description: description ?? 'one page of the list',
      schema: { allOf: [{ $ref: getSchemaPath(PageMetaDto) }, { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } } }] },
    }),
  );
}

/** 200 with `{ items: Item[] }` (short lists that are not paginated). */
export function ApiItemsResponse(item: Type<unknown>, description?: string) {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({ description: description ?? 'the list', schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } } } }),
  );
}

const ERROR_STATUSES: Readonly<Record<string, string>> = {
  '400': 'Malformed request or failed validation (`details` names each field)',
  '401': 'No, bad or expired bearer token',
  '403': 'Authenticated but not allowed',
  '404': 'Not found, or not visible to the caller',
  '409': 'Conflict: stale `version`, duplicate, or an illegal state transition',
  '413': 'Upload or body too large',
  '415': 'Unsupported upload type',
  '429': 'Rate limited',
};

/**
 * Finishes the generated document: the error response is declared once (components.responses.Error,
 * schema ErrorResponseDto) and referenced by every operation for each error status it does not
 * declare itself; the info states the API version.
 */
export function finishOpenApiDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.info.version = API_VERSION;
  doc.components ??= {};
  doc.components.responses = { ...(doc.components.responses ?? {}), Error: { description: 'An error (api.md "Errors")', content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } } } };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (!op) continue;
      op.responses ??= {};
      for (const [status, description] of Object.entries(ERROR_STATUSES)) {
        const declared = op.responses[status] as { description?: string; content?: unknown } | undefined;
        // A route may word an error status itself (e.g. 429 on the pre-screener); its body is still the one shape.
        if (!declared?.content) op.responses[status] = { description: declared?.description || description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } } };
      }
    }
  }
  return doc;
}
