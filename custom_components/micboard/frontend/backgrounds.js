/*
 * Per-slot background photos (docs/dashboard-card.md#background-photos):
 * which photo a tile wants, as Micboard matches them: the slot's own image
 * (set in the group editor), else `<folder><name>.jpg` with the slot's name
 * (its extended name, else the channel name without its ID) in lower case.
 * Pure functions, no DOM.
 */

import { splitName } from "./format.js";

/** Whether a URL is a Home Assistant media-source id (resolved before use). */
export function isMediaSource(url) {
  return typeof url === "string" && url.startsWith("media-source://");
}

/** The name a photo is matched by: the extended name, else the channel name without its ID. */
export function photoName(device, extendedName) {
  if (extendedName) return extendedName;
  if (!device || device.name == null) return "";
  return splitName(String(device.name))[1] || "";
}

/** The photo a folder holds for a name, or "" without a folder or a name. */
export function folderPhoto(folder, name) {
  if (!folder || !name) return "";
  const file = `${name.trim().toLowerCase()}.jpg`;
  return isMediaSource(folder) ? `${folder}${file}` : `${folder}${encodeURIComponent(file)}`;
}

/** The photo a tile wants: the slot's own image, else the folder's photo of its name. */
export function wantedPhoto(folder, slotImage, device, extendedName) {
  return slotImage || folderPhoto(folder, photoName(device, extendedName));
}
