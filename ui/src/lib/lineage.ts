// The detail panel's lineage, as rows to show: what an item was made from and what was made from
// it. A parent still in the library is a row to open; one deleted since is shown by what the
// item recorded of it (its file and task), and cannot be opened.
import type { Item_Serialize as Item, Lineage_Serialize as Lineage, MediaType } from "./bindings";
import { fileName, toolLabel } from "./format";

type ParentOf = Lineage["made_from"][number];
type ChildOf = Lineage["used_in"][number];

/** A linked item in the library: its thumbnail, what it was, and a click opens it. */
export type PresentEntry = {
  state: "present";
  itemId: string;
  media: MediaType;
  /** What the parent was to the result: "Start frame", "End frame", "Clip", ... */
  role: string;
  /** The tool that made the linked item, in plain words. */
  tool: string;
  prompt: string;
};

/** A parent no longer in the library: what the result recorded of it, nothing to open. */
export type GoneEntry = {
  state: "gone";
  file: string;
  taskId: string | null;
  role: string;
  tool: string;
};

export type LineageEntry = PresentEntry | GoneEntry;

export const GONE_EXPLANATION = "No longer in the library (deleted or moved away); this is what was recorded of it.";

/** The role of a parent (the request field it filled) in words, for a result made by `tool`. */
export function roleLabel(tool: string, role: string): string {
  if (role === "image") return tool === "image2video" ? "Start frame" : tool === "image" ? "Reference picture" : "Picture";
  const words: Record<string, string> = {
    image_tail: "End frame",
    video: "Clip",
    audio: "Sound",
    images: "Picture",
    image_list: "Picture",
    subject_image_list: "Subject",
    scene_image: "Scene",
    style_image: "Style",
    human_image: "Person",
    cloth_image: "Garment",
  };
  return Object.hasOwn(words, role) ? words[role] : role.replaceAll("_", " ");
}

/** The parents of an item made by `tool`, in the order it recorded them. */
export function madeFromEntries(tool: string, parents: ParentOf[]): LineageEntry[] {
  return parents.map((p): LineageEntry => {
    const role = roleLabel(tool, p.role);
    if (p.state === "present") return { state: "present", itemId: p.item.id, media: p.item.media, role, tool: toolLabel(p.item.tool), prompt: p.item.prompt };
    return { state: "gone", file: fileName(p.file), taskId: p.task_id ?? null, role, tool: toolLabel(p.tool) };
  });
}

/** The results made from an item, each with the role the item had in it ("As start frame"). */
export function usedInEntries(children: ChildOf[]): PresentEntry[] {
  return children.map((c) => {
    const role = `As ${roleLabel(c.item.tool, c.role).toLowerCase()}`;
    return { state: "present", itemId: c.item.id, media: c.item.media, role, tool: toolLabel(c.item.tool), prompt: c.item.prompt };
  });
}

const MEDIA_WORDS: Record<MediaType, string> = { image: "Picture", video: "Clip", audio: "Sound" };

/** The other results of the same task (an added sound and the clip it was added to), each by
 *  what it holds: "Sound", "Clip". */
export function sameTaskEntries(items: Item[]): PresentEntry[] {
  return items.map((i) => ({ state: "present", itemId: i.id, media: i.media, role: MEDIA_WORDS[i.media], tool: toolLabel(i.tool), prompt: i.prompt }));
}
