"use client";

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState } from "react";
import { draftModel, moveItem, type DraftModel } from "@/components/routing/draft";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FieldError, type FieldErrors } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ModelOutput } from "@/lib/schemas/models";

type ChainProps = {
  /** For accessible names: "extraction" or "default models". */
  label: string;
  /** Error path prefix: "rules.0" (models at rules.0.models.N) or "defaultModels" (at defaultModels.N). */
  path: string;
  items: DraftModel[];
  onChange: (items: DraftModel[]) => void;
  models: ModelOutput[];
  /** Names the team may use; empty = every model. */
  allowed: string[];
  showWeights: boolean;
  readOnly: boolean;
  errors: FieldErrors;
};

/** An ordered list of models (primary first, then fallbacks): drag handles and Move up/down buttons reorder it. */
export function ModelChain({ label, path, items, onChange, models, allowed, showWeights, readOnly, errors }: ChainProps) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const itemPath = (i: number) => (path === "defaultModels" ? `defaultModels.${i}` : `${path}.models.${i}`);
  const byName = modelIndex(models);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((m) => m.key === active.id);
    const to = items.findIndex((m) => m.key === over.id);
    if (from >= 0 && to >= 0) onChange(moveItem(items, from, to));
  }

  const list = (
    <ol aria-label={`Models for ${label}`} className="space-y-1.5">
      {items.map((item, i) => (
        <ChainItem
          key={item.key}
          item={item}
          index={i}
          count={items.length}
          model={byName.get(item.name.toLowerCase())}
          label={label}
          showWeights={showWeights}
          readOnly={readOnly}
          error={errors[itemPath(i)] ?? (path !== "defaultModels" ? errors[`${path}.weights.${i}`] : undefined)}
          onMove={(to) => onChange(moveItem(items, i, to))}
          onRemove={() => onChange(items.filter((_, j) => j !== i))}
          onWeight={(weight) => onChange(items.map((m, j) => (j === i ? { ...m, weight } : m)))}
        />
      ))}
    </ol>
  );

  return (
    <div className="space-y-2">
      {items.length === 0 && <p className="text-sm text-muted italic">No models yet.</p>}
      {readOnly ? (
        list
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={items.map((m) => m.key)} strategy={verticalListSortingStrategy}>
            {list}
          </SortableContext>
        </DndContext>
      )}
      {!readOnly && items.length < 10 && <AddModel label={label} models={models} allowed={allowed} exclude={items.map((m) => m.name.toLowerCase())} onAdd={(name) => onChange([...items, draftModel(name, showWeights ? "0" : "")])} />}
    </div>
  );
}

export function modelIndex(models: ModelOutput[]): Map<string, ModelOutput> {
  const map = new Map<string, ModelOutput>();
  for (const m of models) {
    map.set(m.name.toLowerCase(), m);
    for (const a of m.aliases) map.set(a.toLowerCase(), m);
  }
  return map;
}

type ItemProps = {
  item: DraftModel;
  index: number;
  count: number;
  model: ModelOutput | undefined;
  label: string;
  showWeights: boolean;
  readOnly: boolean;
  error?: string;
  onMove: (to: number) => void;
  onRemove: () => void;
  onWeight: (weight: string) => void;
};

function ChainItem(props: ItemProps) {
  return props.readOnly ? <ChainRow {...props} /> : <SortableChainRow {...props} />;
}

function SortableChainRow(props: ItemProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props.item.key });
  return (
    <ChainRow
      {...props}
      rowRef={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      dragging={isDragging}
      handle={
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Drag ${props.item.name} to reorder`}
          className="inline-flex size-7 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-subtle hover:text-fg active:cursor-grabbing"
        >
          <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="currentColor">
            {[6, 12, 18].flatMap((y) => [9, 15].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r={1.5} />))}
          </svg>
        </button>
      }
    />
  );
}

function ChainRow({
  item,
  index,
  count,
  model,
  showWeights,
  readOnly,
  error,
  onMove,
  onRemove,
  onWeight,
  rowRef,
  style,
  dragging,
  handle,
}: ItemProps & { rowRef?: (el: HTMLElement | null) => void; style?: React.CSSProperties; dragging?: boolean; handle?: React.ReactNode }) {
  const primary = index === 0;
  const weightId = `${item.key}-weight`;
  return (
    <li ref={rowRef} style={style} className={cn("relative", dragging && "z-10")}>
      <div
        className={cn(
          "flex flex-wrap items-center gap-2 rounded-md border bg-surface px-2 py-1.5",
          primary ? "border-accent/40 bg-accent-soft/40" : "border-border",
          error && "border-danger",
          dragging && "shadow-lg",
        )}
      >
        {handle}
        <Badge tone={primary ? "accent" : "neutral"} className="w-[5.25rem] justify-center whitespace-nowrap">
          {primary ? "Primary" : `Fallback ${index}`}
        </Badge>
        <div className="flex min-w-0 flex-1 items-center gap-2">
          <span className="truncate font-mono text-[13px] text-fg" title={item.name}>
            {item.name}
          </span>
          {model ? (
            <span className="hidden shrink-0 text-xs text-muted sm:inline">{model.providerName}</span>
          ) : (
            <Badge tone="danger">unknown model</Badge>
          )}
          {model?.inHouse && <Badge tone="success">in-house</Badge>}
          {model && !model.enabled && <Badge tone="warning">disabled</Badge>}
        </div>
        {showWeights &&
          (readOnly ? (
            <span className="text-xs text-muted tabular-nums">weight {item.weight || "0"}</span>
          ) : (
            <span className="flex items-center gap-1.5">
              <label htmlFor={weightId} className="text-xs text-muted">
                Weight
              </label>
              <Input
                id={weightId}
                type="number"
                min={0}
                max={1000}
                step="any"
                value={item.weight}
                onChange={(e) => onWeight(e.target.value)}
                aria-label={`Weight of ${item.name}`}
                className="h-7 w-20 px-2 text-xs tabular-nums"
              />
            </span>
          ))}
        {!readOnly && (
          <span className="flex items-center">
            <IconButton label={`Move ${item.name} up`} ariaLabel="Move up" disabled={index === 0} onClick={() => onMove(index - 1)}>
              <path d="m6 15 6-6 6 6" />
            </IconButton>
            <IconButton label={`Move ${item.name} down`} ariaLabel="Move down" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
              <path d="m6 9 6 6 6-6" />
            </IconButton>
            <IconButton label={`Remove ${item.name}`} ariaLabel={`Remove ${item.name}`} onClick={onRemove} danger>
              <path d="M6 6l12 12M18 6 6 18" />
            </IconButton>
          </span>
        )}
      </div>
      {error && <FieldError>{error}</FieldError>}
    </li>
  );
}

/** A small icon button: `ariaLabel` is its accessible name ("Move up", as tests click it), `label` the tooltip. */
function IconButton({ label, ariaLabel, disabled, onClick, danger, children }: { label: string; ariaLabel: string; disabled?: boolean; onClick: () => void; danger?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={ariaLabel}
      disabled={disabled}
      onClick={onClick}
      className={cn("inline-flex size-7 items-center justify-center rounded text-muted hover:bg-subtle disabled:pointer-events-none disabled:opacity-30", danger ? "hover:text-danger" : "hover:text-fg")}
    >
      <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="size-4">
        {children}
      </svg>
    </button>
  );
}

function AddModel({ label, models, allowed, exclude, onAdd }: { label: string; models: ModelOutput[]; allowed: string[]; exclude: string[]; onAdd: (name: string) => void }) {
  const [choice, setChoice] = useState("");
  const allowedSet = new Set(allowed.map((a) => a.toLowerCase()));
  const options = models
    .filter((m) => !exclude.includes(m.name.toLowerCase()) && (allowedSet.size === 0 || allowedSet.has(m.name.toLowerCase())))
    .sort((a, b) => a.name.localeCompare(b.name));
  const selectId = `add-${label.replace(/\W+/g, "-")}`;
  if (options.length === 0) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={selectId} className="sr-only">
        Add model to {label}
      </label>
      <Select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)} className="w-full max-w-72">
        <option value="">Choose a model…</option>
        {options.map((m) => (
          <option key={m.id} value={m.name}>
            {m.name} · {m.providerName}
            {m.inHouse ? " (in-house)" : ""}
            {m.enabled ? "" : " (disabled)"}
          </option>
        ))}
      </Select>
      <Button
        variant="secondary"
        size="sm"
        disabled={!choice}
        onClick={() => {
          onAdd(choice);
          setChoice("");
        }}
        aria-label={`Add selected model to ${label}`}
      >
        Add
      </Button>
    </div>
  );
}
