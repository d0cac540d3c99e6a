// The editor's survey data through React Query: a map's surveys, one survey with its respondents, a submission, and
// the writes. Every key sits under the map's, so any write to the map refreshes them; deciding refreshes the map.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api";
import { queryKeys } from "../context";
import { useMapId } from "../hooks";
import { surveysApi } from "./index";
import type { Decide, RoundCreate, Submission, Survey, SurveyCreate, SurveyPatch } from "./types";

export const surveyKeys = {
  all: (mapId: string) => [...queryKeys.map(mapId), "surveys"] as const,
  one: (mapId: string, surveyId: string) => [...queryKeys.map(mapId), "surveys", surveyId] as const,
  respondents: (mapId: string, surveyId: string) =>
    [...queryKeys.map(mapId), "surveys", surveyId, "respondents"] as const,
  submission: (mapId: string, surveyId: string, actorId: string) =>
    [...queryKeys.map(mapId), "surveys", surveyId, "submission", actorId] as const,
};

export function useSurveyList(enabled = true) {
  const mapId = useMapId();
  return useQuery({
    queryKey: surveyKeys.all(mapId ?? ""),
    queryFn: () => surveysApi.list(mapId!),
    enabled: enabled && !!mapId,
  });
}

export function useSurveyDetail(surveyId: string) {
  const mapId = useMapId();
  const survey = useQuery({
    queryKey: surveyKeys.one(mapId ?? "", surveyId),
    queryFn: () => surveysApi.get(mapId!, surveyId),
    enabled: !!mapId,
  });
  const respondents = useQuery({
    queryKey: surveyKeys.respondents(mapId ?? "", surveyId),
    queryFn: () => surveysApi.respondents(mapId!, surveyId),
    enabled: !!mapId,
  });
  return { survey, respondents };
}

export function useSubmission(surveyId: string, actorId: string) {
  const mapId = useMapId();
  return useQuery({
    queryKey: surveyKeys.submission(mapId ?? "", surveyId, actorId),
    queryFn: () => surveysApi.submission(mapId!, surveyId, actorId),
    enabled: !!mapId,
  });
}

/** Create, change (close, reopen), run again, delete: the map's surveys are read again after each. */
export function useSurveyWrites() {
  const mapId = useMapId();
  const client = useQueryClient();
  // The survey answered is shown at once; the list, the rates and the respondents are read again.
  const refresh = (survey: Survey) => {
    client.setQueryData(surveyKeys.one(mapId!, survey.id), survey);
    return client.invalidateQueries({ queryKey: surveyKeys.all(mapId!) });
  };
  const create = useMutation<Survey, ApiError, SurveyCreate>({
    mutationFn: (input) => surveysApi.create(mapId!, input),
    onSuccess: refresh,
  });
  const update = useMutation<Survey, ApiError, { surveyId: string; patch: SurveyPatch }>({
    mutationFn: ({ surveyId, patch }) => surveysApi.update(mapId!, surveyId, patch),
    onSuccess: refresh,
  });
  const newRound = useMutation<Survey, ApiError, { surveyId: string } & RoundCreate>({
    mutationFn: ({ surveyId, ...body }) => surveysApi.newRound(mapId!, surveyId, body),
    onSuccess: refresh,
  });
  const remove = useMutation<void, ApiError, string>({
    mutationFn: (surveyId) => surveysApi.remove(mapId!, surveyId),
    onSuccess: (_r, surveyId) => {
      client.removeQueries({ queryKey: surveyKeys.one(mapId!, surveyId) });
      return client.invalidateQueries({ queryKey: surveyKeys.all(mapId!) });
    },
  });
  return { create, update, newRound, remove };
}

/** Accepted changes land on the map: the submission answered is kept, and everything about the map is read again. */
export function useDecide(surveyId: string, actorId: string) {
  const mapId = useMapId();
  const client = useQueryClient();
  return useMutation<Submission, ApiError, Decide>({
    mutationFn: (body) => surveysApi.decide(mapId!, surveyId, actorId, body),
    onSuccess: async (submission) => {
      client.setQueryData(surveyKeys.submission(mapId!, surveyId, actorId), submission);
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.map(mapId!) }),
        client.invalidateQueries({ queryKey: queryKeys.maps }),
      ]);
    },
  });
}
