/**
 * Two or more views of one list as links styled as buttons (waiting / decided, open /
 * acknowledged): the current one primary and `aria-current="page"`. Plain links: they work
 * without JavaScript and keep the view in the URL.
 */
export const StatusTabs = (props: {
  label: string
  tabs: { href: string; label: string; current: boolean }[]
}) => (
  <nav className="button-row" aria-label={props.label}>
    {props.tabs.map((tab) => (
      <a
        key={tab.href}
        className={`button button--small ${tab.current ? 'button--primary' : 'button--secondary'}`}
        href={tab.href}
        aria-current={tab.current ? 'page' : undefined}
      >
        {tab.label}
      </a>
    ))}
  </nav>
)
