import { describe, expect, it } from 'vitest';
import { IpcError } from './index';

describe('IpcError.banner', () => {
  it('leaves field errors to their inputs and shows anything else above the form', () => {
    const fields = [{ field: 'title', code: 'required', message: 'title is empty' }];
    expect(new IpcError({ code: 'validation_failed', message: 'invalid', fields }).banner).toBeNull();
    expect(new IpcError({ code: 'validation_failed', message: 'invalid', fields: [] }).banner).toBe('invalid');
    expect(new IpcError({ code: 'offline', message: 'the provider does not answer', fields: [] }).banner).toBe('the provider does not answer');
  });
});
