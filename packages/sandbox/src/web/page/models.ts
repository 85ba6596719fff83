/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: Backbone-like emitters, models and collections
 * with the event rules whatsapp-web.js relies on (space-separated names, `change:<attr>` with
 * `(model, value, previous)`, collections re-emitting their models' events), and `Wid` / `MsgKey`.
 * The function is stringified into the page: it must not reference anything outside its body.
 */

/** The page's model kit (what {@link definePageModels} returns). */
export type PageModels = ReturnType<typeof definePageModels>;

/** Defines the model kit; runs in the page. */
export function definePageModels() {
  type Listener = { cb: (...args: unknown[]) => unknown; once: boolean };

  class Emitter {
    _listeners = new Map<string, Listener[]>();
    on(names: string, cb: Listener["cb"], once = false) {
      for (const name of names.split(/\s+/).filter(Boolean)) {
        const list = this._listeners.get(name) ?? [];
        list.push({ cb, once });
        this._listeners.set(name, list);
      }
      return this;
    }
    once(names: string, cb: Listener["cb"]) {
      return this.on(names, cb, true);
    }
    off(names?: string, cb?: Listener["cb"]) {
      if (!names) {
        this._listeners.clear();
        return this;
      }
      for (const name of names.split(/\s+/).filter(Boolean)) {
        const list = (this._listeners.get(name) ?? []).filter((l) => cb && l.cb !== cb);
        this._listeners.set(name, list);
      }
      return this;
    }
    listenerCount(name: string) {
      return this._listeners.get(name)?.length ?? 0;
    }
    trigger(name: string, ...args: unknown[]) {
      for (const listener of [...(this._listeners.get(name) ?? [])]) {
        if (listener.once) this.off(name, listener.cb);
        try {
          const result = listener.cb(...args) as Promise<unknown> | undefined;
          if (result && typeof result.catch === "function") result.catch(report);
        } catch (error) {
          report(error);
        }
      }
    }
  }

  const report = (error: unknown) => console.error("fake-wa listener failed", error);

  class Wid {
    server: string;
    user: string;
    _serialized: string;
    constructor(serialized: string) {
      const at = serialized.indexOf("@");
      this.user = serialized.slice(0, at);
      this.server = serialized.slice(at + 1);
      this._serialized = serialized;
    }
    isLid() {
      return this.server === "lid";
    }
    isGroup() {
      return this.server === "g.us";
    }
    isUser() {
      return this.server === "c.us" || this.server === "lid";
    }
    isStatus() {
      return this.user === "status" && this.server === "broadcast";
    }
    isBroadcast() {
      return this.server === "broadcast";
    }
    isNewsletter() {
      return this.server === "newsletter";
    }
    toJid() {
      return this.server === "c.us" ? `${this.user}@s.whatsapp.net` : this._serialized;
    }
    toString() {
      return this._serialized;
    }
    equals(other: unknown) {
      return other instanceof Wid && other._serialized === this._serialized;
    }
  }

  const widOf = (value: unknown): Wid | undefined => {
    if (value instanceof Wid) return value;
    if (typeof value === "string" && value.includes("@")) return new Wid(value);
    const like = value as { _serialized?: string } | null | undefined;
    return like?._serialized ? new Wid(like._serialized) : undefined;
  };

  class MsgKey {
    fromMe: boolean;
    remote: Wid;
    id: string;
    participant?: Wid;
    _serialized: string;
    constructor(fields: {
      from?: Wid;
      to?: Wid;
      remote?: Wid;
      fromMe?: boolean;
      id: string;
      participant?: Wid;
      selfDir?: "in" | "out";
    }) {
      this.fromMe = fields.selfDir ? fields.selfDir === "out" : Boolean(fields.fromMe);
      this.remote = (fields.remote ?? (this.fromMe ? fields.to : fields.from)) as Wid;
      this.id = fields.id;
      if (fields.participant) this.participant = fields.participant;
      const tail = fields.participant ? `_${fields.participant._serialized}` : "";
      this._serialized = `${this.fromMe}_${this.remote._serialized}_${this.id}${tail}`;
    }
    static async newId() {
      const bytes = crypto.getRandomValues(new Uint8Array(8));
      return `3EB0${[...bytes]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("")
        .toUpperCase()}`;
    }
    toString() {
      return this._serialized;
    }
  }

  class Model extends Emitter {
    attributes: Record<string, unknown> = {};
    _collections = new Set<Collection>();
    constructor(attrs: Record<string, unknown> = {}) {
      super();
      this.set(attrs, { silent: true });
    }
    get(key: string) {
      return this.attributes[key];
    }
    set(
      keyOrAttrs: string | Record<string, unknown>,
      valueOrOptions?: unknown,
      maybeOptions?: { silent?: boolean },
    ) {
      const attrs = typeof keyOrAttrs === "string" ? { [keyOrAttrs]: valueOrOptions } : keyOrAttrs;
      const options =
        (typeof keyOrAttrs === "string" ? maybeOptions : (valueOrOptions as typeof maybeOptions)) ??
        {};
      const changed: Array<[string, unknown, unknown]> = [];
      for (const [key, value] of Object.entries(attrs)) {
        const previous = this.attributes[key];
        this.defineAttribute(key);
        if (previous === value) continue;
        this.attributes[key] = value;
        changed.push([key, value, previous]);
      }
      if (options.silent) return this;
      for (const [key, value, previous] of changed)
        this.trigger(`change:${key}`, this, value, previous);
      if (changed.length > 0) this.trigger("change", this);
      return this;
    }
    defineAttribute(key: string) {
      if (key in this) return;
      Object.defineProperty(this, key, {
        get: () => this.attributes[key],
        set: (value: unknown) => this.set(key, value),
        configurable: true,
        enumerable: false,
      });
    }
    override trigger(name: string, ...args: unknown[]) {
      super.trigger(name, ...args);
      for (const collection of this._collections) collection.trigger(name, ...args);
    }
    serialize(): Record<string, unknown> {
      const plain: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(this.attributes)) {
        if (value instanceof Collection) continue;
        plain[key] = value instanceof Model ? value.serialize() : value;
      }
      return plain;
    }
    unsafe() {
      return this;
    }
  }

  class ServerStatusCodeError extends Error {
    status: number;
    constructor(status: number, message = `server status ${status}`) {
      super(message);
      this.name = "ServerStatusCodeError";
      this.status = status;
    }
  }

  class Collection extends Emitter {
    modelClass: new (
      attrs: Record<string, unknown>,
    ) => Model;
    _models: Model[] = [];
    _byId = new Map<string, Model>();
    _sortBy?: (model: Model) => number;
    constructor(
      modelClass: new (attrs: Record<string, unknown>) => Model,
      sortBy?: (model: Model) => number,
    ) {
      super();
      this.modelClass = modelClass;
      this._sortBy = sortBy;
    }
    get length() {
      return this._models.length;
    }
    keyOf(id: unknown) {
      return typeof id === "string" ? id : (id as { _serialized?: string } | null)?._serialized;
    }
    add(
      input: Model | Record<string, unknown> | Array<Model | Record<string, unknown>>,
      options: { silent?: boolean } = {},
    ) {
      const list = Array.isArray(input) ? input : [input];
      const added: Model[] = [];
      for (const item of list) {
        const model = item instanceof Model ? item : new this.modelClass(item);
        const key = this.keyOf(model.get("id"));
        if (!key || this._byId.has(key)) continue;
        this._byId.set(key, model);
        this._models.push(model);
        model._collections.add(this);
        added.push(model);
      }
      const sortBy = this._sortBy;
      if (sortBy) this._models.sort((a, b) => sortBy(a) - sortBy(b));
      if (!options.silent) for (const model of added) this.trigger("add", model, this, options);
      return Array.isArray(input) ? added : added[0];
    }
    remove(modelOrId: unknown) {
      const key = this.keyOf(modelOrId instanceof Model ? modelOrId.get("id") : modelOrId);
      const model = key ? this._byId.get(key) : undefined;
      if (!model || !key) return undefined;
      this._byId.delete(key);
      this._models = this._models.filter((m) => m !== model);
      this.trigger("remove", model, this);
      model._collections.delete(this);
      return model;
    }
    reset() {
      for (const model of [...this._models]) this.remove(model);
    }
    get(id: unknown) {
      const key = this.keyOf(id);
      return key ? this._byId.get(key) : undefined;
    }
    async find(id: unknown) {
      const model = this.get(id);
      if (!model) throw new ServerStatusCodeError(404, `not found: ${this.keyOf(id)}`);
      return model;
    }
    getModelsArray() {
      return [...this._models];
    }
    toArray() {
      return this.getModelsArray();
    }
    forEach(fn: (model: Model) => void) {
      this._models.forEach(fn);
    }
    filter(fn: (model: Model) => boolean) {
      return this._models.filter(fn);
    }
    map<T>(fn: (model: Model) => T) {
      return this._models.map(fn);
    }
    serialize() {
      return this._models.map((m) => m.serialize());
    }
  }

  return { Emitter, Model, Collection, Wid, MsgKey, ServerStatusCodeError, widOf };
}
