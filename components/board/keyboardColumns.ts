import { KeyboardCode, type KeyboardCoordinateGetter } from "@dnd-kit/core";

/**
 * Arrow keys move a picked-up card a whole column left or right, rather than dnd-kit's default
 * 25 pixels, so a keyboard user reaches the next lane in one press.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context: { droppableRects, collisionRect } }) => {
  if (event.code !== KeyboardCode.Right && event.code !== KeyboardCode.Left) return undefined;
  event.preventDefault();
  if (!collisionRect) return undefined;
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const here = columns.findIndex((r) => centre >= r.left && centre <= r.left + r.width);
  const target = columns[here === -1 ? 0 : here + (event.code === KeyboardCode.Right ? 1 : -1)];
  if (!target) return undefined;
  return { x: target.left + Math.max(0, (target.width - collisionRect.width) / 2), y: target.top + 48 };
};
