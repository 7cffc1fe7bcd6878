import { Matches, MaxLength } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

/** Ids become part of stream names (`audit-<id>`): letters, digits and . _ - only. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const IsEntityId = () =>
  applyDecorators(
    Matches(ID_PATTERN, { message: ({ property }) => `${property}: must be 1–64 letters, digits, '.', '_' or '-'` }),
  );

/** Non-blank text of bounded length; the message names the field. */
export const IsText = (max = 200) =>
  applyDecorators(
    Matches(/\S/, { message: ({ property }) => `${property}: must not be empty` }),
    MaxLength(max, { message: ({ property }) => `${property}: must be at most ${max} characters` }),
  );
