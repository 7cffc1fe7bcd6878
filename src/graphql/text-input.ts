import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badInput } from '../shared/errors.js';

/** A NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not a character). */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_TEXT_RULE = 'must not contain NUL bytes or unpaired surrogates';

/** Nesting deeper than any input of this service has; beyond it a value is refused rather than walked. */
const MAX_DEPTH = 32;

/**
 * The path (`input.rationale`, `attendeeIds.2`) of the first text in `value` that is not storable
 * text, or of a value nested absurdly deep; null when every string is sound.
 */
export function unsafeTextAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSAFE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return null;
  if (depth >= MAX_DEPTH) return path;
  for (const [key, item] of Object.entries(value)) {
    const found = unsafeTextAt(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Every argument of every GraphQL operation and every HTTP body, query and route parameter passes
 * here before validation: text that is not storable is refused with BAD_USER_INPUT naming the field,
 * rather than failing in the database or the hash chain.
 */
@Injectable()
export class TextInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Values made by the service itself (the signed-in principal, the request) need no check.
    if (metadata.type === 'custom' && metadata.data === undefined) return value;
    const field = unsafeTextAt(value, metadata.data ?? '');
    if (field !== null) throw badInput(field || metadata.type, UNSAFE_TEXT_RULE);
    return value;
  }
}
