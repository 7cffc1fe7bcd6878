import { Matches, MaxLength } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

import { ID_PATTERN } from '../shared/ids.js';

export { ID_PATTERN };

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
