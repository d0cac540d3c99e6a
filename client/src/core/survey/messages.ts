// Every word the respondent's survey page shows, in one catalogue keyed by message id, so the page can be translated
// by replacing this object. Values are strings or functions of what they mention; components hold no literal text.
import type { Priority, RelationshipType } from "../../../../server/schemas/domain";
import type { Frequency, Modality, Rating } from "./types";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const day = (iso: string) => new Date(iso).toLocaleDateString([], { year: "numeric", month: "long", day: "numeric" });

export const surveyMessages = {
  // Page states
  loading: "Loading your survey…",
  invalidTitle: "This survey link is not valid",
  invalidBody:
    "The link may have been mistyped, replaced by a newer one, or the survey removed. Ask the person who sent it for a new link.",
  loadFailed: (reason: string) => `The survey could not be loaded: ${reason}`,
  tryAgain: "Try again",

  // Header
  forOrganisation: (name: string) => `For ${name}`,
  closesOn: (iso: string) => `Open until ${day(iso)}`,
  closedNotice: (iso: string) =>
    `This survey closed on ${day(iso)}. Your answers are shown below but can no longer be changed.`,
  closedEarlyNotice: "This survey is closed. Your answers are shown below but can no longer be changed.",
  roundLabel: (round: number) => `Round ${round}`,

  // Saving
  saving: "Saving…",
  savedAt: (iso: string) => `Saved ${time(iso)}`,
  notSavedYet: "Your answers are saved as you type.",
  saveFailed: (reason: string) => `Not saved: ${reason}`,
  saveRefused: "Not saved: some answers need a look (see the marked fields).",
  retry: "Retry",
  unreachable: "the server cannot be reached",

  // Partners
  partnersHeading: "Partners",
  partnersHelp: "The organisations you work with. Add each one and say how you work together.",
  noPartners: "No partners added yet.",
  addPartner: "Add a partner",
  addPartnerPlaceholder: "Type a name…",
  partnerSuggestions: "Matching organisations",
  noPartnerMatch: (q: string) => `No organisation on the list matches “${q}”`,
  partnerCount: (n: number) => (n === 1 ? "1 organisation matches" : `${n} organisations match`),
  unknownPartner: "An organisation no longer on the list",
  removePartner: (name: string) => `Remove ${name}`,
  remove: "Remove",
  tieType: "How you work with them",
  tieTypes: {
    partners_with: "We partner with them",
    funds: "We fund them",
    mentors: "We mentor them",
    supplies: "We supply them",
    member_of: "We are a member of theirs",
    refers_to: "We refer people to them",
    volunteers_at: "Our people volunteer with them",
  } satisfies Record<RelationshipType, string>,
  frequency: "How often you work together",
  chooseFrequencyOption: "Choose…",
  frequencies: {
    weekly: "Weekly",
    monthly: "Monthly",
    quarterly: "Every few months",
    yearly: "Once a year or less",
  } satisfies Record<Frequency, string>,
  strength: "How strong is this relationship?",
  strengths: { 1: "Weak", 2: "Fair", 3: "Strong", 4: "Very strong" } satisfies Record<Rating, string>,
  trustHeading: "Trust",
  trustHelp: "How much do you agree? 1 = not at all, 4 = a great deal.",
  trustItems: ["They do what they say they will do", "They are open to discussion", "They have our interests at heart"],
  valueHeading: "Value",
  valueHelp: "How much do you agree? 1 = not at all, 4 = a great deal.",
  valueItems: [
    "They bring resources we need",
    "They are influential in the community",
    "They are committed to our shared goals",
  ],
  ratingOption: (n: number, meaning: string) => `${n}: ${meaning}`,
  agreement: { 1: "Not at all", 2: "A little", 3: "A fair amount", 4: "A great deal" } satisfies Record<Rating, string>,

  // Needs and offerings
  needsHeading: "What you need",
  needsHelp:
    "What your organisation is looking for. What we already know is filled in: correct it, remove what is out of date, add what is missing.",
  noNeeds: "No needs listed.",
  addNeed: "Add a need",
  needLegend: (n: number, title: string) => (title.trim() ? `Need ${n}: ${title.trim()}` : `Need ${n}`),
  removeNeed: (n: number) => `Remove need ${n}`,
  offeringsHeading: "What you offer",
  offeringsHelp:
    "What your organisation can give others. What we already know is filled in: correct it, remove what is out of date, add what is missing.",
  noOfferings: "No offerings listed.",
  addOffering: "Add an offering",
  offeringLegend: (n: number, title: string) => (title.trim() ? `Offering ${n}: ${title.trim()}` : `Offering ${n}`),
  removeOffering: (n: number) => `Remove offering ${n}`,
  category: "Kind",
  chooseCategoryOption: "Choose a kind…",
  categoryLabel: (lineage: string[]) => lineage.join(" › "),
  title: "In a few words",
  quantity: "How many",
  capacity: "How many you can offer",
  unit: "Counted in",
  usualUnit: "The usual unit",
  priority: "How urgent",
  priorities: { low: "Low", medium: "Medium", high: "High", critical: "Critical" } satisfies Record<Priority, string>,
  modality: "How it is delivered",
  modalities: { in_person: "In person", remote: "Remotely", both: "In person or remotely" } satisfies Record<
    Modality,
    string
  >,
  reachKm: "How far you travel (km)",
  reachKmHint: "Leave empty if there is no limit.",

  // What a row still lacks (checked before sending)
  chooseFrequency: "Choose how often you work together.",
  chooseStrength: "Choose how strong this relationship is.",
  chooseCategory: "Choose a kind.",
  enterTitle: "Say in a few words what it is.",
  enterAmount: "Enter a number above 0.",
  enterReach: "Enter a distance of 0 km or more, or leave it empty.",
  fixBeforeSending: "Some answers are missing: see the marked fields.",

  // Sending
  submit: "Send my answers",
  resubmit: "Send my changed answers",
  submitting: "Sending…",
  submitHelp: "You can come back to this link and change your answers until the survey closes.",
  thanksHeading: "Thank you",
  thanksBody: (iso: string) => `Your answers were sent on ${day(iso)} at ${time(iso)}.`,
  thanksChange: (closesAt: string) => `You can change them until ${day(closesAt)}.`,
  changeAnswers: "Change your answers",
} as const;

export type SurveyMessages = typeof surveyMessages;
