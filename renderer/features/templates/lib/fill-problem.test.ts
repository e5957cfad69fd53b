import { describe, expect, it } from 'vitest';
import { CallError } from '../../../lib/call';
import { fillProblem } from './fill-problem';

const placeholders = ['time', 'date', 'channels'];

describe('fillProblem', () => {
  it('puts a refused value next to the placeholder the core names as data, whatever the words', () => {
    // The message names no {placeholder} at all: only the path places it.
    const err = new CallError('BAD_INPUT', 'That value cannot be used.', [{ path: 'values.date', message: 'Keep the date short.' }]);
    expect(fillProblem(err, placeholders)).toEqual({ placeholder: 'date', message: 'Keep the date short.' });
  });

  it('does not place a problem by a {placeholder} mentioned in the words', () => {
    const err = new CallError('CONFLICT', 'Fill in {time} before publishing.');
    expect(fillProblem(err, placeholders)).toEqual({ placeholder: null, message: 'Fill in {time} before publishing.' });
  });

  it('keeps problems about a placeholder this template does not show under the fields', () => {
    const err = new CallError('BAD_INPUT', 'This template has no {tiem} placeholder; it has {time}.', [{ path: 'values.tiem', message: 'no such placeholder' }]);
    expect(fillProblem(err, placeholders)).toEqual({ placeholder: null, message: 'This template has no {tiem} placeholder; it has {time}.' });
  });
});
