// Where the user is, and the status messages they are told about.
// Navigation is in-memory (no URLs to type in a desktop app); `back()` follows the
// path the user took.

export type CouncilTab = "home" | "members" | "meetings" | "calendar" | "charters" | "guests" | "info";
export type CharterTab = "text" | "signatures" | "versions";
export type MeetingTab = "agenda" | "attendance" | "minutes" | "history";

export type Route =
  | { name: "councils" }
  | { name: "council"; id: string; tab: CouncilTab }
  | { name: "council-new" }
  | { name: "council-edit"; id: string }
  | { name: "member-new"; councilId: string }
  | { name: "member-edit"; councilId: string; memberId: string }
  | { name: "guest-new"; councilId: string }
  | { name: "guest-edit"; councilId: string; guestId: string }
  | { name: "meeting"; councilId: string; id: string; tab: MeetingTab }
  | { name: "meeting-new"; councilId: string }
  | { name: "meeting-edit"; councilId: string; id: string }
  | { name: "charter"; councilId: string; id: string; version: number | null; tab: CharterTab }
  | { name: "charter-import"; councilId: string }
  | { name: "charter-compare"; councilId: string; id: string; from: number; to: number }
  | { name: "event-new"; councilId: string; date: string | null; demarcheId: string | null }
  | { name: "event-edit"; councilId: string; id: string }
  | { name: "demarche-new"; councilId: string }
  | { name: "demarche"; councilId: string; id: string }
  | { name: "backups" }
  | { name: "archive-import" }
  | { name: "about" };

class Navigation {
  route = $state<Route>({ name: "councils" });
  private trail: Route[] = [];

  go(route: Route): void {
    this.trail.push(this.route);
    this.route = route;
  }

  /** Replaces the current screen without adding to the trail (after a save). */
  replace(route: Route): void {
    this.route = route;
  }

  back(fallback: Route = { name: "councils" }): void {
    this.route = this.trail.pop() ?? fallback;
  }
}

export const nav = new Navigation();

export type NoticeKind = "success" | "error";

class Notices {
  current = $state<{ text: string; kind: NoticeKind; id: number } | null>(null);
  private counter = 0;

  show(text: string, kind: NoticeKind = "success"): void {
    this.counter += 1;
    this.current = { text, kind, id: this.counter };
  }

  clear(): void {
    this.current = null;
  }
}

export const notices = new Notices();
