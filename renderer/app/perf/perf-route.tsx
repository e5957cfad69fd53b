// Lazy entry of the performance page, so the live app never loads it.
import { useState } from 'react';
import { buildPerfData, PerfPage, perfParams } from './perf-page';

export function PerfRoute() {
  const [params] = useState(() => perfParams(window.location.hash));
  const [data] = useState(() => buildPerfData(params));
  return <PerfPage params={params} data={data} />;
}
