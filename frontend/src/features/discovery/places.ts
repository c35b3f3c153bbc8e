/** Communes as the forms hold them, and how they are shown. */
import type { Place } from './api';

/** A chosen commune: from the autocomplete (with its department) or from a saved event / URL. */
export interface PlaceChoice {
  code: string;
  name: string;
  department_code?: string;
}

/** "Saint-Étienne (42)": the department tells apart communes of the same name. */
export function placeLabel(place: PlaceChoice): string {
  return place.department_code ? `${place.name} (${place.department_code})` : place.name;
}

export function choiceOf(place: Place): PlaceChoice {
  return { code: place.code, name: place.name, department_code: place.department_code };
}
