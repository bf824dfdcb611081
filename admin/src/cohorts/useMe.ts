import type { components } from '@loket/client';
import { useEffect, useState } from 'react';
import { loket, unwrap } from '../api';

export type Me = components['schemas']['Me'];

/** The signed-in account (role, organisation), asked when a screen that needs it opens. */
export function useMe(): Me | undefined {
  const [me, setMe] = useState<Me>();
  useEffect(() => {
    let live = true;
    unwrap(loket.GET('/v1/me'))
      .then((value) => live && setMe(value))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return me;
}
