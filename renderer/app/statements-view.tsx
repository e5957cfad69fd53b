// Statements: the holding statements first (what a crisis needs), then the composer beside the
// list of statements with their approvals and publishing. Two features side by side: the holding
// statements (templates) take their {time} and {date} defaults from the columns (feeds).
import type { AccountViewData } from '../../electron/shared/contract';
import { useFirstUnverifiedSeenAt } from '../features/feeds/api/unverified';
import { Composer } from '../features/statements/components/composer';
import { StatementList } from '../features/statements/components/statement-list';
import { HoldingStatements } from '../features/templates/components/holding-statements';

export function StatementsView({ me }: { readonly me: AccountViewData }) {
  const troubleStartedAt = useFirstUnverifiedSeenAt();
  return (
    <div className="statements" data-testid="statements-view">
      <HoldingStatements me={me} troubleStartedAt={troubleStartedAt} />
      <Composer me={me} />
      <StatementList me={me} />
    </div>
  );
}
