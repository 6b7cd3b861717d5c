/** A few hand-drawn 20×20 stroke icons (no icon library). Decorative: the buttons carry the words. */
import type { ReactNode } from 'react';

function Svg({ children, size = 18 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const GearIcon = () => (
  <Svg>
    <circle cx="10" cy="10" r="2.6" />
    <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
    <circle cx="10" cy="10" r="5.4" />
  </Svg>
);

export const PlusIcon = () => (
  <Svg>
    <path d="M10 4v12M4 10h12" />
  </Svg>
);

export const BackIcon = () => (
  <Svg>
    <path d="M12.5 4.5 7 10l5.5 5.5" />
  </Svg>
);

export const PencilIcon = () => (
  <Svg size={16}>
    <path d="M13.6 3.6a1.9 1.9 0 0 1 2.8 2.8L7 15.8l-3.6.8.8-3.6z" />
    <path d="M12.3 4.9l2.8 2.8" />
  </Svg>
);

export const CloseIcon = () => (
  <Svg size={14}>
    <path d="M5 5l10 10M15 5 5 15" />
  </Svg>
);

export const KeyIcon = () => (
  <Svg size={40}>
    <circle cx="7" cy="10" r="3.2" />
    <path d="M10.2 10H17.5M15 10v2.6M17.5 10v2" />
  </Svg>
);

export const TerminalIcon = () => (
  <Svg size={16}>
    <rect x="2.5" y="3.5" width="15" height="13" rx="2" />
    <path d="M6 8l2.5 2L6 12M10.5 12.5H14" />
  </Svg>
);

export function Spinner({ label }: { label?: string }) {
  return <span className="spinner" role={label ? 'status' : undefined} aria-label={label} />;
}

/** A phone with a shield: the MFA devices of a profile. */
export const PhoneIcon = () => (
  <Svg size={16}>
    <rect x="5" y="2.5" width="10" height="15" rx="2" />
    <path d="M8.5 14.8h3" />
    <path d="M10 5.6l2.4.9v1.8c0 1.6-1 2.7-2.4 3.2-1.4-.5-2.4-1.6-2.4-3.2V6.5z" />
  </Svg>
);

export const CheckCircleIcon = () => (
  <Svg size={40}>
    <circle cx="10" cy="10" r="7.5" />
    <path d="M6.6 10.2l2.3 2.3 4.6-4.8" />
  </Svg>
);

export const MoreIcon = () => (
  <Svg>
    <circle cx="4.5" cy="10" r="0.9" fill="currentColor" />
    <circle cx="10" cy="10" r="0.9" fill="currentColor" />
    <circle cx="15.5" cy="10" r="0.9" fill="currentColor" />
  </Svg>
);

export const SearchIcon = () => (
  <Svg size={14}>
    <circle cx="8.5" cy="8.5" r="5" />
    <path d="M12.5 12.5 17 17" />
  </Svg>
);
