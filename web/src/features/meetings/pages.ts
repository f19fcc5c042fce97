import './meetings.css';

export { MeetingsPage } from './MeetingsPage';
export { MeetingPage } from './MeetingPage';
export { PrintPage } from './PrintPage';
