// Statements: the holding statements first (what a crisis needs), then the composer beside the
// list of statements with their approvals and publishing.
import type { AccountViewData } from '../../electron/shared/contract';
import { HoldingStatements } from '../features/templates/components/holding-statements';
import { Composer } from '../features/statements/components/composer';
import { StatementList } from '../features/statements/components/statement-list';

export function StatementsView({ me }: { readonly me: AccountViewData }) {
  return (
    <div className="statements" data-testid="statements-view">
      <HoldingStatements me={me} />
      <Composer />
      <StatementList me={me} />
    </div>
  );
}
