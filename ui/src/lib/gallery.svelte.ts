// The gallery's data: the current query and the pages of it loaded so far. A virtualized grid
// asks for the rows it shows; pages are fetched on demand, so 100,000 items cost a few pages.
import { commands, type GalleryQuery_Deserialize, type Item, type ItemKind, type MediaType, type SortOrder } from "./bindings";
import { asFailure, call } from "./api";
import { studio } from "./studio.svelte";

const PAGE = 120;

/** The gallery's first filter: what the file holds (any tool), or animations alone. */
export type KindFilter = "all" | "images" | "videos" | "sounds" | "animations";
const kindsFor: Record<KindFilter, ItemKind[]> = {
  all: [],
  images: [],
  videos: [],
  sounds: [],
  animations: ["image2video"],
};
const mediaFor: Record<KindFilter, MediaType[]> = {
  all: [],
  images: ["image"],
  // Every clip: generated, animated, made by a video tool or put there by hand.
  videos: ["video"],
  sounds: ["audio"],
  animations: [],
};

class Gallery {
  search = $state("");
  kind = $state<KindFilter>("all");
  favoritesOnly = $state(false);
  model = $state("");
  /** Only items made by this tool (`Item.tool`); "" for every tool. */
  tool = $state("");
  sort = $state<SortOrder>("newest_first");
  total = $state<number | null>(null);
  models = $state<string[]>([]);
  tools = $state<string[]>([]);
  error = $state<string | null>(null);
  /** Items by position in the current result (sparse). */
  items = $state<Record<number, Item>>({});
  selected = $state<Record<string, true>>({});
  focus = $state(0);
  private loading = new Set<number>();
  private generation = 0;

  query(offset: number, limit: number): GalleryQuery_Deserialize {
    return {
      kinds: kindsFor[this.kind],
      tools: this.tool ? [this.tool] : [],
      media: mediaFor[this.kind],
      favorites_only: this.favoritesOnly,
      model: this.model || null,
      search: this.search.trim() || null,
      sort: this.sort,
      offset,
      limit,
    };
  }

  /** Starts over with the current filters (keeps selection of items still there). */
  async reset() {
    const gen = ++this.generation;
    this.loading.clear();
    try {
      const page = await call(commands.queryGallery(this.query(0, PAGE)));
      if (gen !== this.generation) return;
      const items: Record<number, Item> = {};
      page.items.forEach((item, i) => (items[i] = item));
      this.items = items;
      this.total = page.total;
      this.error = null;
      this.loading.add(0);
      this.focus = Math.min(this.focus, Math.max(0, page.total - 1));
    } catch (e) {
      if (gen === this.generation) this.error = asFailure(e).message;
    }
    call(commands.galleryModels()).then((m) => (this.models = m)).catch(() => {});
    call(commands.galleryTools()).then((t) => (this.tools = t)).catch(() => {});
  }

  /** Makes sure the items in [from, to) are loaded. */
  ensure(from: number, to: number) {
    for (let p = Math.floor(from / PAGE); p * PAGE < to; p++) {
      if (this.loading.has(p)) continue;
      this.loading.add(p);
      const gen = this.generation;
      call(commands.queryGallery(this.query(p * PAGE, PAGE)))
        .then((page) => {
          if (gen !== this.generation) return;
          page.items.forEach((item, i) => (this.items[p * PAGE + i] = item));
        })
        .catch((e) => {
          this.loading.delete(p);
          studio.toast("error", asFailure(e).message);
        });
    }
  }

  get selectedIds(): string[] {
    return Object.keys(this.selected);
  }

  toggle(id: string) {
    if (this.selected[id]) delete this.selected[id];
    else this.selected[id] = true;
  }

  clearSelection() {
    this.selected = {};
  }
}

export const gallery = new Gallery();
