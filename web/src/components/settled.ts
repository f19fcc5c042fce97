import { useEffect, useState } from 'react';

/**
 * The value after it stopped changing for `ms`: what is typed asks the server once, when the
 * typing pauses, not at every key.
 */
export function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
