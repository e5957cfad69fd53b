import { describe, expect, it } from 'vitest';
import { emailKeyFromUid, itemKey, keyFromTestId } from './item-keys';

describe('item keys', () => {
  it('an email bulletin has one key on both sides: the canary UID', () => {
    expect(itemKey('demo-email', '1795851234:7')).toBe(emailKeyFromUid(7));
    expect(itemKey('demo-email', '1795851234:17')).not.toBe(emailKeyFromUid(7));
  });

  it('other channels keep their own ids', () => {
    expect(itemKey('demo-x', '1790000000000000001')).toBe('demo-x/1790000000000000001');
    expect(itemKey('demo-website', '12')).toBe('demo-website/12');
    expect(itemKey('demo-website', '12')).not.toBe(itemKey('demo-x', '12'));
  });

  it('reads a feed row test id back to the same key', () => {
    expect(keyFromTestId('item-demo-x-1790000000000000001')).toBe(itemKey('demo-x', '1790000000000000001'));
    expect(keyFromTestId('item-demo-email-1795851234:7')).toBe(emailKeyFromUid(7));
    expect(keyFromTestId('item-demo-website-12')).toBe('demo-website/12');
  });

  it('never confuses channels whose ids share a prefix, and ignores anything else', () => {
    expect(keyFromTestId('item-demo-x-2-5', ['demo-x', 'demo-x-2'])).toBe('demo-x-2/5');
    expect(keyFromTestId('item-demo-x-', ['demo-x'])).toBeNull();
    expect(keyFromTestId('item-details')).toBeNull();
    expect(keyFromTestId('column-demo-x')).toBeNull();
  });
});
