// Statements: the composer beside the list of statements with their approvals and publishing.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { Composer } from './composer';
import { StatementList } from './statement-list';

export function StatementsView({ me }: { readonly me: AccountViewData }) {
  return (
    <div className="statements" data-testid="statements-view">
      <Composer />
      <StatementList me={me} />
    </div>
  );
}
