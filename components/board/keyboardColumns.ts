import { KeyboardCode, type KeyboardCoordinateGetter } from "@dnd-kit/core";

/**
 * Arrow keys move a picked-up card a whole column left or right, rather than dnd-kit's default
 * 25 pixels, so a keyboard user reaches the next lane in one press.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context: { droppableRects, collisionRect, over } }) => {
  if (event.code !== KeyboardCode.Right && event.code !== KeyboardCode.Left) return undefined;
  event.preventDefault();
  if (!collisionRect) return undefined;
  const columns = [...droppableRects].sort(([, a], [, b]) => a.left - b.left);
  // Step from the column the card is announced over. Its rectangle's centre is a worse guide on
  // a narrow screen: the lanes scroll sideways under the card, and a rectangle measured before
  // the scroll settles can put the centre in the lane to its left, and a left arrow then does
  // nothing (seen once in CI).
  const centre = collisionRect.left + collisionRect.width / 2;
  const here = over ? columns.findIndex(([id]) => id === over.id) : columns.findIndex(([, r]) => centre >= r.left && centre <= r.left + r.width);
  const target = columns[here === -1 ? 0 : here + (event.code === KeyboardCode.Right ? 1 : -1)]?.[1];
  if (!target) return undefined;
  return { x: target.left + Math.max(0, (target.width - collisionRect.width) / 2), y: target.top + 48 };
};
