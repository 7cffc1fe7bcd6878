import { describe, it, expect } from '@jest/globals';
import pg from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { faultReason, isDatabaseUnavailable } from './faults.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const databaseError = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['pg_terminate_backend / fast shutdown (57P01)', databaseError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', databaseError('57P03', 'the database system is starting up')],
    ['a connection exception class 08', databaseError('08006', 'connection failure')],
    ['statement_timeout (57014)', databaseError('57014', 'canceling statement due to statement timeout')],
    ['the driver losing the connection', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a server that does not answer', new Error('Query read timeout')],
    ['a host that is gone', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    ['a query runner TypeORM released when its connection died', new QueryRunnerAlreadyReleasedError()],
    ['the same, through an entity manager', new QueryRunnerProviderAlreadyReleasedError()],
  ])('%s is a connection fault', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks inside TypeORM errors and causes', () => {
    const wrapped = new QueryFailedError('SELECT 1', [], withCode('ECONNRESET'));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: new Error('Connection terminated') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'all failed'))).toBe(true);
  });

  it.each([
    ['a unique violation', databaseError('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', databaseError('42601', 'syntax error')],
    ['a serialization failure', databaseError('40001', 'could not serialize access')],
    ['an ordinary error', new Error('Projection "x" stopped at event position 3')],
    ['nothing', undefined],
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('faultReason', () => {
  it('names the code and the words', () => {
    expect(faultReason(withCode('ECONNREFUSED', 'connect ECONNREFUSED'))).toBe('ECONNREFUSED: connect ECONNREFUSED');
    expect(faultReason(new QueryFailedError('SELECT 1', [], databaseError('57P01', 'terminating connection')))).toBe('57P01: terminating connection');
  });
});
