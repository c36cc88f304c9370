// Words for the core's enumerations, from the message catalog.
import type { College } from "../bindings/College";
import type { GuestCategory } from "../bindings/GuestCategory";
import type { MemberRole } from "../bindings/MemberRole";
import type { MemberStatus } from "../bindings/MemberStatus";
import type { ParticipationForm } from "../bindings/ParticipationForm";
import type { QuorumRule } from "../bindings/QuorumRule";
import type { CompositionWarning } from "../bindings/CompositionWarning";
import type { MeetingKind } from "../bindings/MeetingKind";
import type { MeetingStatus } from "../bindings/MeetingStatus";
import type { MinutesStatus } from "../bindings/MinutesStatus";
import type { ItemKind } from "../bindings/ItemKind";
import type { AttendanceState } from "../bindings/AttendanceState";
import type { Outcome } from "../bindings/Outcome";
import type { VoteMode } from "../bindings/VoteMode";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { OwnerKind } from "../bindings/OwnerKind";
import type { CharterKind } from "../bindings/CharterKind";
import type { CharterTemplate } from "../bindings/CharterTemplate";
import type { VersionStatus } from "../bindings/VersionStatus";
import type { SectionKind } from "../bindings/SectionKind";
import type { SignatoryKind } from "../bindings/SignatoryKind";
import type { EventKind } from "../bindings/EventKind";
import type { Timing } from "../bindings/Timing";
import type { Scale } from "../bindings/Scale";
import type { ParticipationLevel } from "../bindings/ParticipationLevel";
import type { DemarcheStatus } from "../bindings/DemarcheStatus";
import type { AvisState } from "../bindings/AvisState";
import { has, t } from "./i18n";

export const colleges: College[] = ["habitants", "acteurs_locaux"];
export const statuses: MemberStatus[] = ["titulaire", "suppleant", "complementaire"];
export const roles: MemberRole[] = [
  "animateur",
  "secretaire",
  "referent",
  "tresorier",
  "porte_parole",
  "representant_copil",
];
export const guestCategories: GuestCategory[] = [
  "elu",
  "delegue_prefet",
  "agent_politique_ville",
  "bailleur",
  "institution",
  "association",
  "autre",
];
export const participationForms: ParticipationForm[] = ["conseil_citoyen", "table_de_quartier", "autre"];

export const collegeLabel = (c: College) => t(`college.${c}`);
export const collegeShort = (c: College) => t(`college.short.${c}`);
export const statusLabel = (s: MemberStatus) => t(`status.${s}`);
export const roleLabel = (r: MemberRole) => t(`role.${r}`);
export const guestCategoryLabel = (c: GuestCategory) => t(`guest.category.${c}`);
export const participationLabel = (p: ParticipationForm) => t(`form.participation.${p}`);

/** « au moins un tiers des titulaires ». */
export function quorumText(rule: QuorumRule): string {
  switch (rule.kind) {
    case "aucun":
      return t("quorum.aucun");
    case "nombre":
      return t("quorum.nombre", { count: rule.count });
    case "majorite":
      return t("quorum.majorite", { base: t(`quorum.base.${rule.base}`) });
    case "fraction": {
      const base = t(`quorum.base.${rule.base}`);
      const named = `quorum.fraction.${rule.numerator}/${rule.denominator}`;
      return has(named)
        ? t(named, { base })
        : t("quorum.fraction", { numerator: rule.numerator, denominator: rule.denominator, base });
    }
  }
}

/** The sentence for one composition warning. */
export function warningText(w: CompositionWarning): string {
  switch (w.code) {
    case "no_members":
      return t("composition.warning.no_members");
    case "too_few":
      return t("composition.warning.too_few", { count: w.count, min: w.min });
    case "too_many":
      return t("composition.warning.too_many", { count: w.count, max: w.max });
    case "empty_college":
      return t("composition.warning.empty_college", { college: collegeLabel(w.college).toLowerCase() });
    case "habitants_minority":
      return t("composition.warning.habitants_minority", { habitants: w.habitants, total: w.total });
    case "parity_imbalance":
      return t("composition.warning.parity_imbalance", { women: w.women, men: w.men });
    case "sex_unknown":
      return t("composition.warning.sex_unknown", { count: w.count });
  }
}

export const meetingKinds: MeetingKind[] = ["pleniere", "comite_animation", "commission", "reunion_publique", "representation"];
export const meetingStatuses: MeetingStatus[] = ["prevue", "tenue", "annulee"];
export const itemKinds: ItemKind[] = ["information", "debat", "decision", "avis", "approbation_cr"];
export const attendanceStates: AttendanceState[] = ["present", "excuse", "absent", "represente"];
export const outcomes: Outcome[] = [
  "adopte",
  "rejete",
  "adopte_partiellement",
  "reporte",
  "sans_suite",
  "avis_favorable",
  "avis_defavorable",
  "avis_reserve",
  "quorum_non_atteint",
];
export const voteModes: VoteMode[] = ["scrutin", "unanimite", "consensus", "sans_vote"];
export const actionStatuses: ActionStatus[] = ["a_faire", "en_cours", "fait", "abandonne"];
export const ownerKinds: OwnerKind[] = ["member", "guest", "institution", "aucun"];

export const meetingKindLabel = (k: MeetingKind) => t(`meetingKind.${k}`);
export const meetingStatusLabel = (s: MeetingStatus) => t(`meetingStatus.${s}`);
export const minutesStatusLabel = (s: MinutesStatus) => t(`minutesStatus.${s}`);
export const itemKindLabel = (k: ItemKind) => t(`itemKind.${k}`);
export const attendanceStateLabel = (s: AttendanceState) => t(`attendanceState.${s}`);
export const outcomeLabel = (o: Outcome) => t(`outcome.${o}`);
export const voteLabel = (v: VoteMode) => t(`vote.${v}`);
export const actionStatusLabel = (s: ActionStatus) => t(`actionStatus.${s}`);
export const ownerKindLabel = (k: OwnerKind) => t(`action.ownerKind.${k}`);

export const charterKinds: CharterKind[] = ["charte_participation", "charte_fonctionnement", "reglement_interieur"];
export const charterTemplates: CharterTemplate[] = ["charte_participation", "reglement_interieur"];
export const sectionKinds: SectionKind[] = ["article", "part", "annex"];
export const signatoryKinds: SignatoryKind[] = ["membre", "partenaire"];
export const charterKindLabel = (k: CharterKind) => t(`charterKind.${k}`);
export const versionStatusLabel = (s: VersionStatus) => t(`versionStatus.${s}`);
export const sectionKindLabel = (k: SectionKind) => t(`sectionKind.${k}`);

export const eventKinds: EventKind[] = [
  "reunion_publique",
  "atelier",
  "balade_urbaine",
  "permanence",
  "comite_pilotage",
  "pleniere",
  "date_limite",
  "autre",
];
export const timings: Timing[] = ["timed", "morning", "afternoon", "all_day"];
export const scales: Scale[] = ["quartier", "commune", "intercommunalite"];
export const participationLevels: ParticipationLevel[] = ["information", "consultation", "concertation", "co_construction"];
export const demarcheStatuses: DemarcheStatus[] = ["prevue", "en_cours", "terminee", "abandonnee"];
export const eventKindLabel = (k: EventKind) => t(`eventKind.${k}`);
export const timingLabel = (k: Timing) => t(`timing.${k}`);
export const scaleLabel = (k: Scale) => t(`scale.${k}`);
export const levelLabel = (k: ParticipationLevel) => t(`level.${k}`);
export const demarcheStatusLabel = (k: DemarcheStatus) => t(`demarcheStatus.${k}`);
export const avisStateLabel = (k: AvisState) => t(`avisState.${k}`);
