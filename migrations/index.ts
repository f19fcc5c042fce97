import { SessionEndReason1796512364516 } from './1796512364516-SessionEndReason.js';
import { AuditActorIndex1796448404992 } from './1796448404992-AuditActorIndex.js';
import { OrgUnitAndPostViews1796490507118 } from './1796490507118-OrgUnitAndPostViews.js';
import { ActedBeforeReadsOrgPeople1796490507119 } from './1796490507119-ActedBeforeReadsOrgPeople.js';
import { AccountAndMembershipViews1796490507120 } from './1796490507120-AccountAndMembershipViews.js';
import { ElectionTitleKm1796440641736 } from './1796440641736-ElectionTitleKm.js';
import { MustChangePassword1796436370817 } from './1796436370817-MustChangePassword.js';
import { StageNamesKm1796327798903 } from './1796327798903-StageNamesKm.js';
import { FunctionsFromSourceFiles1796313869255 } from './1796313869255-FunctionsFromSourceFiles.js';
import { MinutesDocumentTypeNames1796320000000 } from './1796320000000-MinutesDocumentTypeNames.js';
import { DocumentTypeNames1796303153667 } from './1796303153667-DocumentTypeNames.js';
import { RefreshTokenReplacedBy1796283241751 } from './1796283241751-RefreshTokenReplacedBy.js';
import { MeetingErrataPdfActionAgenda1796283266805 } from './1796283266805-MeetingErrataPdfActionAgenda.js';
import { TelegramAndChannels1796283264883 } from './1796283264883-TelegramAndChannels.js';
import { DocumentRevocation1796285000104 } from './1796285000104-DocumentRevocation.js';
import { SignedCopyAndMinutesPdf1796276433317 } from './1796276433317-SignedCopyAndMinutesPdf.js';
import { ElectionLotCommitment1796273376933 } from './1796273376933-ElectionLotCommitment.js';
import { AuditCheckpoints1796272510193 } from './1796272510193-AuditCheckpoints.js';
import { AuthSessions1796273200465 } from './1796273200465-AuthSessions.js';
import { SealedBallotCast1796272477480 } from './1796272477480-SealedBallotCast.js';
import { SealedBallots1796272477479 } from './1796272477479-SealedBallots.js';
import { LockTaskWithoutActedBefore1796220000000 } from './1796220000000-LockTaskWithoutActedBefore.js';
import { ActedBefore1796184855849 } from './1796184855849-ActedBefore.js';
import { ActedBeforeBackfill1796184855850 } from './1796184855850-ActedBeforeBackfill.js';
import { LockTaskCallerFirst1796171300827 } from './1796171300827-LockTaskCallerFirst.js';
import { DropBallotElectionForeignKey1796167521748 } from './1796167521748-DropBallotElectionForeignKey.js';
import { RefuseFunction1796165526242 } from './1796165526242-RefuseFunction.js';
import { UserPasswordChangedAt1796158356823 } from './1796158356823-UserPasswordChangedAt.js';
import { DecisionPathFunctions1796156975144 } from './1796156975144-DecisionPathFunctions.js';
import { MeetingAttachments1795517983096 } from './1795517983096-MeetingAttachments.js';
import { AssociationsElections1795515136686 } from './1795515136686-AssociationsElections.js';
import { Approvals1795515078003 } from './1795515078003-Approvals.js';
import { WorkingGroupsMeetings1795515016196 } from './1795515016196-WorkingGroupsMeetings.js';
import { IdempotencyStatus1795514895163 } from './1795514895163-IdempotencyStatus.js';
import { Initial1795514452473 } from './1795514452473-Initial.js';
import { OrgPeopleView1796290000000 } from './1796290000000-OrgPeopleView.js';
import { ActedBeforeNamesInApp1796290000001 } from './1796290000001-ActedBeforeNamesInApp.js';
/** Every migration, in order. `npm run migration:generate -- Name` appends to this list. */
export const migrations: Function[] = [
  Initial1795514452473,
  IdempotencyStatus1795514895163,
  WorkingGroupsMeetings1795515016196,
  Approvals1795515078003,
  AssociationsElections1795515136686,
  MeetingAttachments1795517983096,
  DecisionPathFunctions1796156975144,
  UserPasswordChangedAt1796158356823,
  RefuseFunction1796165526242,
  DropBallotElectionForeignKey1796167521748,
  LockTaskCallerFirst1796171300827,
  ActedBefore1796184855849,
  ActedBeforeBackfill1796184855850,
  LockTaskWithoutActedBefore1796220000000,
  SealedBallots1796272477479,
  SealedBallotCast1796272477480,
  AuditCheckpoints1796272510193,
  AuthSessions1796273200465,
  ElectionLotCommitment1796273376933,
  SignedCopyAndMinutesPdf1796276433317,
  RefreshTokenReplacedBy1796283241751,
  TelegramAndChannels1796283264883,
  MeetingErrataPdfActionAgenda1796283266805,
  DocumentRevocation1796285000104,
  OrgPeopleView1796290000000,
  ActedBeforeNamesInApp1796290000001,
  DocumentTypeNames1796303153667,
  FunctionsFromSourceFiles1796313869255,
  MinutesDocumentTypeNames1796320000000,
  StageNamesKm1796327798903,
  MustChangePassword1796436370817,
  ElectionTitleKm1796440641736,
  AuditActorIndex1796448404992,
  OrgUnitAndPostViews1796490507118,
  ActedBeforeReadsOrgPeople1796490507119,
  AccountAndMembershipViews1796490507120,
  SessionEndReason1796512364516,
];
